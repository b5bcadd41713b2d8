# Sourced by the release tests: `check DESCRIPTION COMMAND...` runs one check, says PASS or FAIL and counts the
# failures in $failures (and the passes in $passes), so that a script reports every check before it exits;
# `summary NAME` prints the closing line CI reads, 'NAME: P passed, F failed'.
failures=0
passes=0
check() {
    local description=$1
    shift
    if "$@"; then
        echo "PASS $description"
        passes=$((passes + 1))
    else
        echo "FAIL $description"
        failures=$((failures + 1))
    fi
}

summary() {
    echo "$1: $passes passed, $failures failed"
}
