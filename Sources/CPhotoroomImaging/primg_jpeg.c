/* JPEG probing, decoding to RGBA and encoding, over libjpeg(-turbo) with its errors caught by setjmp. */
#include <limits.h>
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

static void install_handlers(jpeg_context *context) {
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
    install_handlers(&context);
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

int primg_jpeg_decode_rgba(const uint8_t *data, size_t size, uint64_t max_pixels, uint8_t *buffer, size_t capacity,
                           uint8_t **out, primg_info *info) {
    primg_info_reset(info, PRIMG_FORMAT_JPEG);
    if (out != NULL) *out = NULL;
    struct jpeg_decompress_struct decoder;
    jpeg_context context = {.info = info, .message = info->message, .message_size = sizeof(info->message)};
    install_handlers(&context);
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
    size_t stride = (size_t)info->width * 4;
    if (info->height != 0 && stride > SIZE_MAX / info->height) {
        status = PRIMG_TOO_MANY_PIXELS;
        goto done;
    }
    if (buffer != NULL && primg_check_capacity(info, stride * info->height, capacity) != 0) {
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
    if (decoder.output_components != 4 || decoder.output_width != info->width) {
        primg_set_message(info->message, sizeof(info->message), "unexpected JPEG output layout");
        status = PRIMG_ERROR;
        goto done;
    }
    if (buffer != NULL) {
        target = buffer;
    } else {
        target = pixels = malloc(stride * info->height);
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
        if (cmyk) cmyk_row_to_rgba(row, line, info->width, info->adobe_marker);
        info->rows_decoded += 1;
    }
    if (info->rows_decoded != info->height) {
        primg_set_message(info->message, sizeof(info->message), "decoder stopped after %u of %u rows",
                          info->rows_decoded, info->height);
        status = PRIMG_ERROR;
        goto done;
    }
    jpeg_finish_decompress(&decoder);
    status = info->warnings > 0 ? PRIMG_WARNING : PRIMG_OK;
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

/* A destination manager writing into a growable buffer we own (freed on every error path). */
typedef struct memory_destination {
    struct jpeg_destination_mgr manager;
    primg_growbuf buffer;
} memory_destination;

static void destination_init(j_compress_ptr encoder) {
    memory_destination *destination = (memory_destination *)encoder->dest;
    if (primg_growbuf_reserve(&destination->buffer, 64 * 1024) != 0) ERREXIT1(encoder, JERR_OUT_OF_MEMORY, 1);
    destination->manager.next_output_byte = destination->buffer.data;
    destination->manager.free_in_buffer = destination->buffer.capacity;
}

static boolean destination_grow(j_compress_ptr encoder) {
    memory_destination *destination = (memory_destination *)encoder->dest;
    destination->buffer.size = destination->buffer.capacity; /* libjpeg filled it all */
    if (primg_growbuf_reserve(&destination->buffer, destination->buffer.capacity) != 0) {
        ERREXIT1(encoder, JERR_OUT_OF_MEMORY, 2);
    }
    destination->manager.next_output_byte = destination->buffer.data + destination->buffer.size;
    destination->manager.free_in_buffer = destination->buffer.capacity - destination->buffer.size;
    return TRUE;
}

static void destination_term(j_compress_ptr encoder) {
    memory_destination *destination = (memory_destination *)encoder->dest;
    destination->buffer.size = destination->buffer.capacity - destination->manager.free_in_buffer;
}

int primg_encode_jpeg(const uint8_t *pixels, uint32_t width, uint32_t height, int channels_in, int quality,
                      uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    primg_jpeg_options options = {.quality = quality, .progressive = 0, .color_model = PRIMG_MODEL_YCBCR};
    return primg_encode_jpeg_ex(pixels, width, height, channels_in, &options, out, out_size, message, message_size);
}

/* Chooses the input and file colour spaces; returns 0, or -1 for an impossible combination. */
static int choose_spaces(int channels_in, int model, J_COLOR_SPACE *input, J_COLOR_SPACE *file) {
    int cmyk_file = model == PRIMG_MODEL_CMYK || model == PRIMG_MODEL_YCCK;
    if (cmyk_file) {
        if (channels_in != 4) return -1;
        *input = JCS_CMYK;
        *file = model == PRIMG_MODEL_CMYK ? JCS_CMYK : JCS_YCCK;
        return 0;
    }
    switch (channels_in) {
    case 1: *input = JCS_GRAYSCALE; break;
    case 3: *input = JCS_RGB; break;
    case 4: *input = JCS_EXT_RGBA; break;
    default: return -1;
    }
    switch (model) {
    case 0:
    case PRIMG_MODEL_YCBCR: *file = channels_in == 1 ? JCS_GRAYSCALE : JCS_YCbCr; return 0;
    case PRIMG_MODEL_GRAY: *file = JCS_GRAYSCALE; return 0;
    case PRIMG_MODEL_RGB: *file = channels_in == 1 ? JCS_GRAYSCALE : JCS_RGB; return 0;
    default: return -1;
    }
}

int primg_encode_jpeg_ex(const uint8_t *pixels, uint32_t width, uint32_t height, int channels_in,
                         const primg_jpeg_options *options, uint8_t **out, size_t *out_size, char *message,
                         size_t message_size) {
    *out = NULL;
    *out_size = 0;
    primg_set_message(message, message_size, "%s", "");
    J_COLOR_SPACE input_space = JCS_UNKNOWN, file_space = JCS_UNKNOWN;
    if (pixels == NULL || options == NULL || width == 0 || height == 0 || width > JPEG_MAX_DIMENSION ||
        height > JPEG_MAX_DIMENSION || choose_spaces(channels_in, options->color_model, &input_space, &file_space) != 0) {
        primg_set_message(message, message_size, "invalid JPEG encode arguments");
        return PRIMG_INVALID_ARGUMENT;
    }
    int quality = options->quality;
    if (quality < 1) quality = 1;
    if (quality > 100) quality = 100;
    struct jpeg_compress_struct encoder;
    jpeg_context context = {.message = message, .message_size = message_size};
    install_handlers(&context);
    memory_destination destination = {
        .manager = {.init_destination = destination_init,
                    .empty_output_buffer = destination_grow,
                    .term_destination = destination_term}};
    memset(&encoder, 0, sizeof(encoder));
    encoder.err = &context.manager;
    volatile int status = PRIMG_ERROR;
    if (setjmp(context.jump)) {
        status = context.unsupported ? PRIMG_UNSUPPORTED : PRIMG_ERROR;
        goto done;
    }
    jpeg_create_compress(&encoder);
    encoder.dest = &destination.manager;
    encoder.image_width = width;
    encoder.image_height = height;
    encoder.input_components = channels_in;
    encoder.in_color_space = input_space;
    jpeg_set_defaults(&encoder);
    jpeg_set_colorspace(&encoder, file_space);
    jpeg_set_quality(&encoder, quality, TRUE);
    if (options->progressive) jpeg_simple_progression(&encoder);
    jpeg_start_compress(&encoder, TRUE);
    size_t stride = (size_t)width * (size_t)channels_in;
    while (encoder.next_scanline < encoder.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pixels + (size_t)encoder.next_scanline * stride)};
        jpeg_write_scanlines(&encoder, rows, 1);
    }
    jpeg_finish_compress(&encoder);
    status = PRIMG_OK;
done:
    jpeg_destroy_compress(&encoder);
    if (status == PRIMG_OK) {
        *out = destination.buffer.data;
        *out_size = destination.buffer.size;
    } else {
        free(destination.buffer.data);
    }
    return status;
}
