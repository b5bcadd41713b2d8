#ifndef C_PHOTOROOM_BUILD_INFO_H
#define C_PHOTOROOM_BUILD_INFO_H

/// The version of this source tree; a release build adds the commit and the build date around it.
#define PHOTOROOM_BATCH_BASE_VERSION "0.1.0"

/// The tool's version string, as `--version` prints it and manifests record it.
///
/// A development build answers "0.1.0-dev (commit unknown)". `scripts/release.sh` links one more object that
/// defines this function again (a strong definition wins over the weak one here), answering for example
/// "0.1.0 (commit 1a2b3c4d5e6f, built 2026-12-08T01:30Z)": nothing in the tree or in the compile flags changes,
/// so a release build reuses every compiled module and only the link differs.
const char *photoroom_batch_build_version(void);

#endif
