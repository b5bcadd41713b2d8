/* JPEG probing and decoding to RGBA over libjpeg(-turbo), with its errors caught by setjmp; the error handlers
 * the encoder shares (primg_jpeg_encode.c). */
#include <limits.h>

#include "primg_jpeg_internal.h"

static void on_jpeg_error(j_common_ptr common) {
    jpeg_context *context = (jpeg_context *)common->err;
    char text[JMSG_LENGTH_MAX];
    if (common->err->msg_code == JERR_BAD_PRECISION && common->is_decompressor) {
        /* A 12-bit (or 16-bit lossless) JPEG: valid, but this libjpeg reads 8-bit samples only. */
        int precision = ((j_decompress_ptr)common)->data_precision;
        context->unsupported = 1;
        if (context->info != NULL) context->info->bit_depth = precision;
        primg_set_message(context->message, context->message_size,
                          "%d-bit JPEG (sample precision %d): only 8-bit JPEGs are supported; "
                          "re-save it as an 8-bit JPEG or as PNG", precision, precision);
        longjmp(context->jump, 1);
    }
    common->err->format_message(common, text);
    primg_set_message(context->message, context->message_size, "%s", text);
    if (context->info != NULL && common->err->msg_code == JERR_INPUT_EOF) context->info->truncated = 1;
    longjmp(context->jump, 1);
}

/* Level -1 is a warning (recoverable damage); levels >= 0 are trace messages, which we ignore. */
static void on_jpeg_message(j_common_ptr common, int level) {
    if (level >= 0) return;
    jpeg_context *context = (jpeg_context *)common->err;
    common->err->num_warnings += 1;
    if (context->info == NULL) return;
    if (common->err->msg_code == JWRN_JPEG_EOF) context->info->truncated = 1;
    if (context->info->warnings == 0) {
        char text[JMSG_LENGTH_MAX];
        common->err->format_message(common, text);
        primg_set_message(context->message, context->message_size, "%s", text);
    }
    context->info->warnings += 1;
}

static void output_nothing(j_common_ptr common) { (void)common; }

/* Called by libjpeg between scans: refuses files with an absurd number of progressive scans. */
static void on_progress(j_common_ptr common) {
    if (!common->is_decompressor) return;
    j_decompress_ptr decoder = (j_decompress_ptr)common;
    if (decoder->input_scan_number > PRIMG_JPEG_MAX_SCANS) {
        jpeg_context *context = (jpeg_context *)common->err;
        primg_set_message(context->message, context->message_size, "more than %d progressive scans",
                          PRIMG_JPEG_MAX_SCANS);
        longjmp(context->jump, 1);
    }
}

void primg_jpeg_install_handlers(jpeg_context *context) {
    jpeg_std_error(&context->manager);
    context->manager.error_exit = on_jpeg_error;
    context->manager.emit_message = on_jpeg_message;
    context->manager.output_message = output_nothing;
}

/* Sets memory limits, the scan cap and the memory source; call right after setjmp. */
static void configure_decoder(j_decompress_ptr decoder, jpeg_context *context, const uint8_t *data, size_t size,
                              uint64_t max_pixels) {
    jpeg_create_decompress(decoder);
    uint64_t memory = max_pixels * 8 + PRIMG_JPEG_MEMORY_SLACK; /* 4 components x 2-byte coefficients */
    if (max_pixels > (uint64_t)1 << 40 || memory > (uint64_t)LONG_MAX) memory = (uint64_t)LONG_MAX;
    decoder->mem->max_memory_to_use = (long)memory;
    context->progress.progress_monitor = on_progress;
    decoder->progress = &context->progress;
    jpeg_mem_src(decoder, data, (unsigned long)size);
}

static void fill_info(j_decompress_ptr decoder, primg_info *info) {
    info->width = decoder->image_width;
    info->height = decoder->image_height;
    info->channels = decoder->num_components;
    info->bit_depth = decoder->data_precision;
    info->color_type = decoder->jpeg_color_space;
    info->progressive = decoder->progressive_mode ? 1 : 0;
    info->adobe_marker = decoder->saw_Adobe_marker ? 1 : 0;
    info->has_alpha = 0;
    switch (decoder->jpeg_color_space) {
    case JCS_GRAYSCALE: info->color_model = PRIMG_MODEL_GRAY; break;
    case JCS_RGB: info->color_model = PRIMG_MODEL_RGB; break;
    case JCS_YCbCr: info->color_model = PRIMG_MODEL_YCBCR; break;
    case JCS_CMYK: info->color_model = PRIMG_MODEL_CMYK; break;
    case JCS_YCCK: info->color_model = PRIMG_MODEL_YCCK; break;
    default: info->color_model = PRIMG_MODEL_UNKNOWN; break;
    }
}

static int refuse_pixels(primg_info *info, uint64_t max_pixels) {
    if (!primg_exceeds_pixels(info->width, info->height, max_pixels)) return 0;
    primg_set_message(info->message, sizeof(info->message), "%ux%u is more than %llu pixels", info->width,
                      info->height, (unsigned long long)max_pixels);
    return 1;
}

int primg_jpeg_probe(const uint8_t *data, size_t size, int full, uint64_t max_pixels, primg_info *info) {
    primg_info_reset(info, PRIMG_FORMAT_JPEG);
    struct jpeg_decompress_struct decoder;
    jpeg_context context = {.info = info, .message = info->message, .message_size = sizeof(info->message)};
    primg_jpeg_install_handlers(&context);
    memset(&decoder, 0, sizeof(decoder));
    decoder.err = &context.manager;
    uint8_t *volatile row = NULL;
    volatile int status = PRIMG_ERROR;
    if (setjmp(context.jump)) {
        status = context.unsupported ? PRIMG_UNSUPPORTED : PRIMG_ERROR;
        goto done;
    }
    configure_decoder(&decoder, &context, data, size, max_pixels);
    jpeg_read_header(&decoder, TRUE);
    fill_info(&decoder, info);
    if (refuse_pixels(info, max_pixels)) {
        status = PRIMG_TOO_MANY_PIXELS;
        goto done;
    }
    if (full) {
        jpeg_start_decompress(&decoder);
        row = malloc((size_t)decoder.output_width * (size_t)decoder.output_components);
        if (row == NULL) {
            status = PRIMG_NO_MEMORY;
            goto done;
        }
        while (decoder.output_scanline < decoder.output_height) {
            JSAMPROW rows[1] = {row};
            if (jpeg_read_scanlines(&decoder, rows, 1) != 1) break;
            info->rows_decoded += 1;
        }
        jpeg_finish_decompress(&decoder);
    }
    status = info->warnings > 0 ? PRIMG_WARNING : PRIMG_OK;
done:
    free(row);
    jpeg_destroy_decompress(&decoder);
    return status;
}

/* Converts one row of CMYK (inverted when an Adobe marker was seen) to RGBA in place order. */
static void cmyk_row_to_rgba(const uint8_t *cmyk, uint8_t *rgba, uint32_t width, int inverted) {
    for (uint32_t x = 0; x < width; x++) {
        unsigned c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
        if (!inverted) {
            c = 255 - c;
            m = 255 - m;
            y = 255 - y;
            k = 255 - k;
        }
        /* Now 255 means no ink: the value is the amount of light left. */
        rgba[0] = (uint8_t)((c * k + 127) / 255);
        rgba[1] = (uint8_t)((m * k + 127) / 255);
        rgba[2] = (uint8_t)((y * k + 127) / 255);
        rgba[3] = 255;
        cmyk += 4;
        rgba += 4;
    }
}

/* The largest DCT scaling denominator (8, 4, 2 or 1) that keeps the longest side at least min_side. */
static unsigned reduction_for(uint32_t width, uint32_t height, uint32_t min_side) {
    uint32_t longest = width > height ? width : height;
    unsigned denominator = 8;
    while (denominator > 1 && (min_side == 0 || (longest + denominator - 1) / denominator < min_side)) {
        denominator /= 2;
    }
    return denominator;
}

int primg_jpeg_decode_rgba(const uint8_t *data, size_t size, uint64_t max_pixels, uint8_t *buffer, size_t capacity,
                           uint8_t **out, primg_info *info, uint32_t min_side, uint32_t *out_width,
                           uint32_t *out_height) {
    primg_info_reset(info, PRIMG_FORMAT_JPEG);
    if (out != NULL) *out = NULL;
    struct jpeg_decompress_struct decoder;
    jpeg_context context = {.info = info, .message = info->message, .message_size = sizeof(info->message)};
    primg_jpeg_install_handlers(&context);
    memset(&decoder, 0, sizeof(decoder));
    decoder.err = &context.manager;
    uint8_t *volatile pixels = NULL; /* ours to free on failure */
    uint8_t *volatile target = NULL;
    uint8_t *volatile row = NULL;
    volatile int status = PRIMG_ERROR;
    if (setjmp(context.jump)) {
        status = context.unsupported ? PRIMG_UNSUPPORTED : PRIMG_ERROR;
        goto done;
    }
    configure_decoder(&decoder, &context, data, size, max_pixels);
    jpeg_read_header(&decoder, TRUE);
    fill_info(&decoder, info);
    if (refuse_pixels(info, max_pixels)) {
        status = PRIMG_TOO_MANY_PIXELS;
        goto done;
    }
    if (buffer == NULL && min_side > 0) {
        decoder.scale_num = 1;
        decoder.scale_denom = reduction_for(info->width, info->height, min_side);
    }
    jpeg_calc_output_dimensions(&decoder);
    uint32_t width = decoder.output_width, height = decoder.output_height;
    size_t stride = (size_t)width * 4;
    if (height != 0 && stride > SIZE_MAX / height) {
        status = PRIMG_TOO_MANY_PIXELS;
        goto done;
    }
    if (buffer != NULL && primg_check_capacity(info, stride * height, capacity) != 0) {
        status = PRIMG_INVALID_ARGUMENT;
        goto done;
    }
    int cmyk = 0;
    switch (decoder.jpeg_color_space) {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB:
        decoder.out_color_space = JCS_EXT_RGBA;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        decoder.out_color_space = JCS_CMYK; /* libjpeg turns YCCK into CMYK */
        cmyk = 1;
        break;
    default:
        primg_set_message(info->message, sizeof(info->message), "unsupported JPEG colour space %d with %d components",
                          (int)decoder.jpeg_color_space, decoder.num_components);
        status = PRIMG_UNSUPPORTED;
        goto done;
    }
    jpeg_start_decompress(&decoder);
    if (decoder.output_components != 4 || decoder.output_width != width || decoder.output_height != height) {
        primg_set_message(info->message, sizeof(info->message), "unexpected JPEG output layout");
        status = PRIMG_ERROR;
        goto done;
    }
    if (buffer != NULL) {
        target = buffer;
    } else {
        target = pixels = malloc(stride * height);
    }
    if (cmyk) row = malloc(stride);
    if (target == NULL || (cmyk && row == NULL)) {
        status = PRIMG_NO_MEMORY;
        goto done;
    }
    while (decoder.output_scanline < decoder.output_height) {
        uint8_t *line = target + (size_t)decoder.output_scanline * stride;
        JSAMPROW rows[1] = {cmyk ? row : line};
        if (jpeg_read_scanlines(&decoder, rows, 1) != 1) break;
        if (cmyk) cmyk_row_to_rgba(row, line, width, info->adobe_marker);
        info->rows_decoded += 1;
    }
    if (info->rows_decoded != height) {
        primg_set_message(info->message, sizeof(info->message), "decoder stopped after %u of %u rows",
                          info->rows_decoded, height);
        status = PRIMG_ERROR;
        goto done;
    }
    jpeg_finish_decompress(&decoder);
    status = info->warnings > 0 ? PRIMG_WARNING : PRIMG_OK;
    if (out_width != NULL) *out_width = width;
    if (out_height != NULL) *out_height = height;
done:
    free(row);
    if ((status == PRIMG_OK || status == PRIMG_WARNING) && out != NULL) {
        *out = pixels;
    } else {
        free(pixels);
    }
    jpeg_destroy_decompress(&decoder);
    return status;
}
