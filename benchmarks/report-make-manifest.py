#!/usr/bin/env python3
"""Writes OUT/manifest.json for COUNT inputs under IN (made by run-gen-images.py), as a finished run would.

Statuses are mixed like a real catalog (about 85 % succeeded, 5 % skipped, 4 % failed, 3 % invalid, 3 % pending);
succeeded and skipped items get a result in OUT (a hard link to the input, so every result is a real image);
some items get a validation warning, an uncertainty score above the report's threshold, -1 (people found) or an
unsupported attribute. Used by report-10k.sh.
Usage: report-make-manifest.py IN OUT COUNT
"""
import hashlib
import json
import os
import sys


def main():
    source, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    paths = []
    for folder, _, files in os.walk(source):
        for name in files:
            if name.endswith(".png"):
                paths.append(os.path.relpath(os.path.join(folder, name), source))
    paths.sort()
    paths = paths[:count]
    items, totals = [], {"inputs": 0, "succeeded": 0, "failed": 0, "invalid": 0, "skipped": 0, "pending": 0}
    charged = 0
    for index, path in enumerate(paths):
        with open(os.path.join(source, path), "rb") as handle:
            sha = hashlib.sha256(handle.read()).hexdigest()
        roll = index % 100
        status = ("succeeded" if roll < 85 else "skipped" if roll < 90 else "failed" if roll < 94
                  else "invalid" if roll < 97 else "pending")
        item = {"inputPath": path, "sha256": sha, "format": "png", "width": 64, "height": 64, "bytes": 300,
                "settingsHash": "bench", "status": status, "imagesCharged": 5 if status == "succeeded" else 0,
                "attempts": 1 if status in ("succeeded", "failed") else 0, "unknownOutcomes": 0,
                "possiblyBilledTwice": False}
        if status in ("succeeded", "skipped"):
            item["outputPath"] = path
            target = os.path.join(out, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if not os.path.exists(target):
                os.link(os.path.join(source, path), target)
            score = "-1" if index % 97 == 0 else "0.55" if index % 13 == 0 else "0.03"
            item["responseHeaders"] = {"uncertaintyScore": score,
                                       "unsupportedAttributes": "shadow.mode" if index % 41 == 0 else None}
            item["timings"] = {"startedAt": "2026-12-01T22:00:00Z", "finishedAt": "2026-12-01T22:00:01Z",
                               "totalSeconds": 0.21, "callSeconds": 0.2}
        if status == "failed":
            item["errorCode"] = "bad-request"
            item["errorMessage"] = "400: outputSize is larger than the input allows"
            item["lastHTTPStatus"] = 400
        if status == "invalid":
            item["errorCode"] = "truncated"
            item["issues"] = [{"code": "truncated", "message": "damaged PNG: unexpected end of data"}]
        if index % 29 == 0 and status != "invalid":
            item["issues"] = [{"code": "extension-mismatch", "message": "the content is PNG, the name says .jpg"}]
        if status == "pending":
            item["note"] = "not reached: the run was interrupted"
        totals["inputs"] += 1
        totals[status] += 1
        charged += item["imagesCharged"]
        items.append(item)
    totals.update({"possiblyBilledTwice": 0, "unknownOutcomes": 0, "imagesCharged": charged,
                   "imagesChargedAllRuns": charged, "balanceBefore": charged + 1000, "balanceAfter": 1000})
    manifest = {"version": 1, "run": {"toolVersion": "bench", "runID": "bench", "plan": "basic", "sandbox": False,
                                      "configHash": "bench", "settingsHash": "bench",
                                      "startedAt": "2026-12-01T22:00:00Z", "finishedAt": "2026-12-01T22:04:10Z",
                                      "exitCode": 1, "outcome": "completed", "state": "finished", "dryRun": False,
                                      "force": False},
                "totals": totals, "items": items}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "manifest.json"), "w") as handle:
        json.dump(manifest, handle, indent=1, sort_keys=True)


main()
