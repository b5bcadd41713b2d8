/* What the JPEG decoder and encoder share: libjpeg's error manager with our jump target, and its handlers. */
#ifndef PRIMG_JPEG_INTERNAL_H
#define PRIMG_JPEG_INTERNAL_H

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>

#include "primg_internal.h"

/* libjpeg's error manager extended with our jump target and where to report. */
typedef struct jpeg_context {
    struct jpeg_error_mgr manager;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    primg_info *info;   /* may be NULL (encoding) */
    char *message;
    size_t message_size;
    int unsupported;    /* the error says the file is valid but uses a feature libjpeg was not built for */
} jpeg_context;

/* Points libjpeg's errors, warnings and messages at `context` (errors longjmp to context->jump). */
void primg_jpeg_install_handlers(jpeg_context *context);

#endif
