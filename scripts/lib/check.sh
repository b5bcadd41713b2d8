# Sourced by the release tests: `check DESCRIPTION COMMAND...` runs one check, says PASS or FAIL and counts the
# failures in $failures, so that a script reports every check before it exits.
failures=0
check() {
    local description=$1
    shift
    if "$@"; then
        echo "PASS $description"
    else
        echo "FAIL $description"
        failures=$((failures + 1))
    fi
}
