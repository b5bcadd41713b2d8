#!/usr/bin/env bash
# The action's run step (action.yml): runs `photoroom-batch run INPUT --out OUT ARGS`, writes a summary of the
# manifest to GITHUB_STEP_SUMMARY and `exit-code` / `manifest` to GITHUB_OUTPUT. It exits 0 itself so the upload
# step still runs; the action's last step exits with the tool's code.
set -euo pipefail

input="${PRB_INPUT:?the action needs the input folder}"
out="${PRB_OUT:-photoroom-out}"
# The args input is split as a shell would split words (quotes honoured) but nothing in it is expanded or run.
extra=()
if [ -n "${PRB_ARGS:-}" ]; then
    mapfile -t extra < <(printf '%s' "$PRB_ARGS" | xargs -n1 printf '%s\n')
fi

set +e
photoroom-batch run "$input" --out "$out" --progress lines "${extra[@]}"
code=$?
set -e
echo "photoroom-batch exited with $code"

# manifest.json, or manifest.part-K-of-N.json for a part of a sharded run (--shard K/N in args).
manifest=$(ls -t "$out"/manifest.json "$out"/manifest.part-*.json 2>/dev/null | head -1 || true)
manifest="${manifest:-$out/manifest.json}"
{
    echo "exit-code=$code"
    [ -f "$manifest" ] && echo "manifest=$manifest"
} >>"${GITHUB_OUTPUT:?}"

python3 "$(dirname "$0")/summary.py" "$manifest" "$code" >>"${GITHUB_STEP_SUMMARY:?}"
