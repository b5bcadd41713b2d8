#!/usr/bin/env python3
"""Writes the job summary of the action's run step (Markdown, on standard output) from OUT_DIR/manifest.json.

Usage: summary.py MANIFEST EXIT_CODE. A missing or unreadable manifest is said in the summary, not raised.
"""
import json
import sys

EXIT_MEANINGS = {
    0: "everything succeeded or was already done",
    1: "some items failed or were invalid",
    3: "the balance or the budget does not cover the work; nothing was sent",
    4: "the API key was refused",
    5: "the balance ran out during the run",
    64: "usage or configuration error",
    69: "the API could not be reached",
    75: "another run holds OUT_DIR",
    130: "interrupted",
}
PROBLEMS = ("failed", "invalid")
SHOWN = 20


def main(manifest_path: str, exit_code: int) -> None:
    print("## photoroom-batch")
    print()
    print(f"Exit code **{exit_code}**: {EXIT_MEANINGS.get(exit_code, 'see the log')}.")
    print()
    try:
        with open(manifest_path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError) as error:
        print(f"No manifest: {manifest_path} could not be read ({error}).")
        return
    run, totals = manifest.get("run", {}), manifest.get("totals", {})
    print(f"`{run.get('toolVersion', '?')}`, plan {run.get('plan') or '?'}, run {run.get('runID', '?')}")
    print()
    print("| inputs | succeeded | skipped | reused | failed | invalid | images charged |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    columns = ("inputs", "succeeded", "skipped", "reused", "failed", "invalid", "imagesCharged")
    print("| " + " | ".join(str(totals.get(key, 0)) for key in columns) + " |")
    problems = [item for item in manifest.get("items", []) if item.get("status") in PROBLEMS]
    if problems:
        print()
        print("| file | status | reason |")
        print("|---|---|---|")
        for item in problems[:SHOWN]:
            reason = (item.get("errorMessage") or item.get("errorCode") or "").replace("|", "\\|")
            print(f"| `{item.get('inputPath')}` | {item.get('status')} | {reason} |")
        if len(problems) > SHOWN:
            print(f"\n… and {len(problems) - SHOWN} more in manifest.json.")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
