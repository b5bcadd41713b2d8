#include "CPhotoroomBuildInfo.h"

__attribute__((weak)) const char *photoroom_batch_build_version(void) {
    return PHOTOROOM_BATCH_BASE_VERSION "-dev (commit unknown)";
}
