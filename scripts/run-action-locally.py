#!/usr/bin/env python3
"""Runs the composite action in action.yml locally, the way a GitHub runner would, so that its text is tested.

Usage: run-action-locally.py ACTION_YML RESULT_JSON [INPUT=VALUE ...]

The caller sets the stand-in runner environment (GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_STEP_SUMMARY, ...).
Each `run:` step runs with `bash --noprofile --norc -eo pipefail` in GITHUB_WORKSPACE, with its `env:` expanded,
its own GITHUB_OUTPUT / GITHUB_PATH / GITHUB_STEP_SUMMARY files (outputs feed `steps.ID.outputs`, paths are put
before PATH for the next steps, summaries are appended to the caller's GITHUB_STEP_SUMMARY). A `uses:
actions/upload-artifact` step is not run: the files it would upload are listed. Steps are skipped as their `if:`
says (implicitly success()). RESULT_JSON receives the steps, their exit codes and outputs, the artifact, the
action's outputs and whether the job failed. The expressions understood are the ones action.yml uses; any other
is an error, so the action cannot drift into something this runner does not check.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Context:
    def __init__(self, action, inputs, action_path):
        self.inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
        for name, value in inputs.items():
            if name not in self.inputs:
                raise SystemExit(f"action.yml has no input {name!r}")
            self.inputs[name] = value
        for name, spec in action.get("inputs", {}).items():
            if spec.get("required") and not self.inputs[name]:
                raise SystemExit(f"input {name!r} is required")
        self.action_path = action_path
        self.step_outputs = {}
        self.failed = False

    def value(self, reference):
        parts = reference.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs[parts[1]]
        if parts[0] == "github" and parts[1:] == ["action_path"]:
            return self.action_path
        if parts[0] == "github" and parts[1:] == ["action_repository"]:
            return os.environ.get("GITHUB_ACTION_REPOSITORY", "")
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.step_outputs.get(parts[1], {}).get(parts[3], "")
        raise SystemExit(f"unsupported expression: {reference}")

    def expand(self, text):
        return EXPRESSION.sub(lambda match: self.value(match.group(1)), str(text))

    def condition(self, text):
        """The `if:` of a step: a conjunction of status functions and comparisons with ''."""
        if text is None:
            return not self.failed
        text = EXPRESSION.sub(lambda match: match.group(1), str(text)).strip()
        has_status_function = False
        result = True
        for term in (part.strip() for part in text.split("&&")):
            if term in ("always()", "!cancelled()"):
                has_status_function = True
            elif term == "success()":
                has_status_function = True
                result = result and not self.failed
            elif term == "failure()":
                has_status_function = True
                result = result and self.failed
            elif match := re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*''", term):
                empty = self.value(match.group(1)) == ""
                result = result and (empty if match.group(2) == "==" else not empty)
            else:
                raise SystemExit(f"unsupported condition: {term}")
        return result if has_status_function else result and not self.failed


def read_outputs(path):
    """GITHUB_OUTPUT's `name=value` and `name<<DELIMITER` forms."""
    outputs, lines = {}, open(path, encoding="utf-8").read().splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, index + 1)
            outputs[name] = "\n".join(lines[index + 1 : end])
            index = end + 1
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        index += 1
    return outputs


def run_step(step, context, workspace, extra_path, summary_path):
    files = {}
    with tempfile.TemporaryDirectory(prefix="action-step-") as folder:
        for name in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_ENV"):
            files[name] = os.path.join(folder, name)
            open(files[name], "w").close()
        script = os.path.join(folder, "step.sh")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(step["run"])
        environment = dict(os.environ)
        environment.update(files)
        environment["PATH"] = os.pathsep.join(extra_path + [os.environ["PATH"]])
        environment.update({name: context.expand(value) for name, value in step.get("env", {}).items()})
        if step.get("shell") != "bash":
            raise SystemExit(f"step {step.get('name')!r}: only `shell: bash` is supported")
        code = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workspace,
                               env=environment)
        outputs = read_outputs(files["GITHUB_OUTPUT"])
        extra_path[:0] = [line for line in open(files["GITHUB_PATH"]).read().splitlines() if line][::-1]
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(open(files["GITHUB_STEP_SUMMARY"], encoding="utf-8").read())
    return code, outputs


def main():
    action_file, result_file = sys.argv[1], sys.argv[2]
    inputs = dict(argument.split("=", 1) for argument in sys.argv[3:])
    with open(action_file, encoding="utf-8") as handle:
        action = yaml.safe_load(handle)
    if action["runs"]["using"] != "composite":
        raise SystemExit("not a composite action")
    context = Context(action, inputs, os.path.dirname(os.path.abspath(action_file)))
    workspace = os.environ["GITHUB_WORKSPACE"]
    summary_path = os.environ["GITHUB_STEP_SUMMARY"]
    extra_path, steps, artifact = [], [], None
    for step in action["runs"]["steps"]:
        record = {"name": step.get("name"), "ran": False}
        steps.append(record)
        if not context.condition(step.get("if")):
            continue
        record["ran"] = True
        if "run" in step:
            code, outputs = run_step(step, context, workspace, extra_path, summary_path)
            record.update(exitCode=code, outputs=outputs)
            if "id" in step:
                context.step_outputs[step["id"]] = outputs
            context.failed = context.failed or code != 0
        elif step["uses"].startswith("actions/upload-artifact@"):
            settings = {name: context.expand(value) for name, value in step.get("with", {}).items()}
            paths = [line.strip() for line in settings["path"].splitlines() if line.strip()]
            matches = {path: sorted(glob.glob(path, root_dir=workspace)) for path in paths}
            artifact = {
                "name": settings["name"],
                "files": sorted(file for found in matches.values() for file in found),
                "missing": [path for path, found in matches.items() if not found],
            }
            record["artifact"] = artifact
        else:
            raise SystemExit(f"unsupported step: uses {step['uses']}")
    outputs = {name: context.expand(spec["value"]) for name, spec in action.get("outputs", {}).items()}
    with open(result_file, "w", encoding="utf-8") as handle:
        json.dump({"steps": steps, "artifact": artifact, "outputs": outputs, "failed": context.failed}, handle,
                  indent=2)


if __name__ == "__main__":
    main()
