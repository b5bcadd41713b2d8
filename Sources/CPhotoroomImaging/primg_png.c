/* PNG probing, decoding to RGBA and encoding, over libpng with its errors caught by setjmp. */
#include <setjmp.h>
#include <png.h>

#include "primg_internal.h"

/* Per-call state: the jump target for libpng errors and the input or output buffer. */
typedef struct png_context {
    jmp_buf jump;
    const uint8_t *data;
    size_t size;
    size_t offset;
    primg_growbuf output;
    primg_info *info;     /* may be NULL (encoding) */
    char *message;
    size_t message_size;
} png_context;

static void on_png_error(png_structp png, png_const_charp text) {
    png_context *context = png_get_error_ptr(png);
    primg_set_message(context->message, context->message_size, "%s", text);
    longjmp(context->jump, 1);
}

static void on_png_warning(png_structp png, png_const_charp text) {
    png_context *context = png_get_error_ptr(png);
    if (context->info == NULL) return;
    if (context->info->warnings == 0 && context->message != NULL && context->message[0] == '\0') {
        primg_set_message(context->message, context->message_size, "%s", text);
    }
    context->info->warnings += 1;
}

static void read_from_memory(png_structp png, png_bytep out, size_t count) {
    png_context *context = png_get_io_ptr(png);
    if (count > context->size - context->offset) {
        if (context->info != NULL) context->info->truncated = 1;
        png_error(png, "unexpected end of file (truncated PNG)");
    }
    memcpy(out, context->data + context->offset, count);
    context->offset += count;
}

static void write_to_memory(png_structp png, png_bytep bytes, size_t count) {
    png_context *context = png_get_io_ptr(png);
    if (primg_growbuf_append(&context->output, bytes, count) != 0) png_error(png, "out of memory");
}

static void flush_nothing(png_structp png) { (void)png; }

/* Applies limits and the memory reader; call right after setjmp. */
static void configure_reader(png_structp png, png_context *context) {
    png_set_user_limits(png, 0x7fffffffU, 0x7fffffffU); /* our own max_pixels check decides */
    png_set_chunk_malloc_max(png, PRIMG_PNG_CHUNK_MALLOC_MAX);
    png_set_read_fn(png, context, read_from_memory);
}

static void fill_info(png_structp png, png_infop header, primg_info *info) {
    info->width = png_get_image_width(png, header);
    info->height = png_get_image_height(png, header);
    info->bit_depth = png_get_bit_depth(png, header);
    info->channels = png_get_channels(png, header);
    int color_type = png_get_color_type(png, header);
    info->color_type = color_type;
    info->interlaced = png_get_interlace_type(png, header) != PNG_INTERLACE_NONE;
    int has_trns = png_get_valid(png, header, PNG_INFO_tRNS) != 0;
    info->has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0 || has_trns;
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: info->color_model = PRIMG_MODEL_GRAY; break;
    case PNG_COLOR_TYPE_GRAY_ALPHA: info->color_model = PRIMG_MODEL_GRAY_ALPHA; break;
    case PNG_COLOR_TYPE_RGB: info->color_model = PRIMG_MODEL_RGB; break;
    case PNG_COLOR_TYPE_RGB_ALPHA: info->color_model = PRIMG_MODEL_RGBA; break;
    case PNG_COLOR_TYPE_PALETTE: info->color_model = PRIMG_MODEL_PALETTE; break;
    default: info->color_model = PRIMG_MODEL_UNKNOWN; break;
    }
}

int primg_png_probe(const uint8_t *data, size_t size, int full, uint64_t max_pixels, primg_info *info) {
    primg_info_reset(info, PRIMG_FORMAT_PNG);
    png_context context = {.data = data, .size = size, .info = info,
                           .message = info->message, .message_size = sizeof(info->message)};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, on_png_error, on_png_warning);
    if (png == NULL) return PRIMG_NO_MEMORY;
    png_infop header = png_create_info_struct(png);
    if (header == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        return PRIMG_NO_MEMORY;
    }
    uint8_t *volatile row = NULL;
    volatile int status = PRIMG_ERROR;
    if (setjmp(context.jump)) {
        status = PRIMG_ERROR;
        goto done;
    }
    configure_reader(png, &context);
    png_read_info(png, header);
    fill_info(png, header, info);
    if (primg_exceeds_pixels(info->width, info->height, max_pixels)) {
        primg_set_message(info->message, sizeof(info->message), "%ux%u is more than %llu pixels",
                          info->width, info->height, (unsigned long long)max_pixels);
        status = PRIMG_TOO_MANY_PIXELS;
        goto done;
    }
    if (full) {
        int passes = png_set_interlace_handling(png);
        png_read_update_info(png, header);
        row = malloc(png_get_rowbytes(png, header));
        if (row == NULL) {
            status = PRIMG_NO_MEMORY;
            goto done;
        }
        for (int pass = 0; pass < passes; pass++) {
            for (uint32_t y = 0; y < info->height; y++) {
                png_read_row(png, row, NULL);
                if (pass == passes - 1) info->rows_decoded = y + 1;
            }
        }
        png_read_end(png, NULL); /* reads to IEND: catches a missing IEND and CRC errors after the image */
    }
    status = PRIMG_OK; /* libpng warnings are benign (e.g. an ancillary chunk's CRC): counted, not damage */
done:
    free(row);
    png_destroy_read_struct(&png, &header, NULL);
    return status;
}

int primg_png_decode_rgba(const uint8_t *data, size_t size, uint64_t max_pixels, uint8_t *buffer, size_t capacity,
                          uint8_t **out, primg_info *info) {
    primg_info_reset(info, PRIMG_FORMAT_PNG);
    if (out != NULL) *out = NULL;
    png_context context = {.data = data, .size = size, .info = info,
                           .message = info->message, .message_size = sizeof(info->message)};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, on_png_error, on_png_warning);
    if (png == NULL) return PRIMG_NO_MEMORY;
    png_infop header = png_create_info_struct(png);
    if (header == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        return PRIMG_NO_MEMORY;
    }
    uint8_t *volatile pixels = NULL; /* ours to free on failure */
    uint8_t *volatile target = NULL;
    volatile int status = PRIMG_ERROR;
    if (setjmp(context.jump)) {
        status = PRIMG_ERROR;
        goto done;
    }
    configure_reader(png, &context);
    png_read_info(png, header);
    fill_info(png, header, info);
    if (primg_exceeds_pixels(info->width, info->height, max_pixels)) {
        primg_set_message(info->message, sizeof(info->message), "%ux%u is more than %llu pixels",
                          info->width, info->height, (unsigned long long)max_pixels);
        status = PRIMG_TOO_MANY_PIXELS;
        goto done;
    }
    size_t stride = (size_t)info->width * 4;
    if (info->height != 0 && stride > SIZE_MAX / info->height) {
        status = PRIMG_TOO_MANY_PIXELS;
        goto done;
    }
    int color_type = info->color_type;
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && info->bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, header, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (info->bit_depth == 16) png_set_scale_16(png);
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (!info->has_alpha) png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, header);
    if (png_get_rowbytes(png, header) != stride) {
        primg_set_message(info->message, sizeof(info->message), "unexpected row size after RGBA conversion");
        status = PRIMG_ERROR;
        goto done;
    }
    if (buffer != NULL) {
        if (primg_check_capacity(info, stride * info->height, capacity) != 0) {
            status = PRIMG_INVALID_ARGUMENT;
            goto done;
        }
        target = buffer;
    } else {
        target = pixels = malloc(stride * info->height);
        if (pixels == NULL) {
            status = PRIMG_NO_MEMORY;
            goto done;
        }
    }
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < info->height; y++) {
            png_read_row(png, target + (size_t)y * stride, NULL);
            if (pass == passes - 1) info->rows_decoded = y + 1;
        }
    }
    png_read_end(png, NULL);
    status = PRIMG_OK;
done:
    if (status == PRIMG_OK && out != NULL) {
        *out = pixels;
    } else {
        free(pixels);
    }
    png_destroy_read_struct(&png, &header, NULL);
    return status;
}

int primg_encode_png(const uint8_t *pixels, uint32_t width, uint32_t height, int channels_in, int write_alpha,
                     int compression_level, uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    primg_set_message(message, message_size, "%s", "");
    if (pixels == NULL || width == 0 || height == 0 || (channels_in != 3 && channels_in != 4) ||
        (write_alpha && channels_in != 4) || width > 0x7fffffffU || height > 0x7fffffffU) {
        primg_set_message(message, message_size, "invalid PNG encode arguments");
        return PRIMG_INVALID_ARGUMENT;
    }
    png_context context = {.message = message, .message_size = message_size};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, on_png_error, on_png_warning);
    if (png == NULL) return PRIMG_NO_MEMORY;
    png_infop header = png_create_info_struct(png);
    if (header == NULL) {
        png_destroy_write_struct(&png, NULL);
        return PRIMG_NO_MEMORY;
    }
    volatile int status = PRIMG_ERROR;
    if (setjmp(context.jump)) {
        status = PRIMG_ERROR;
        goto done;
    }
    png_set_write_fn(png, &context, write_to_memory, flush_nothing);
    png_set_IHDR(png, header, width, height, 8, write_alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (compression_level < 0) compression_level = 0;
    if (compression_level > 9) compression_level = 9;
    png_set_compression_level(png, compression_level);
    png_write_info(png, header);
    if (channels_in == 4 && !write_alpha) png_set_filler(png, 0, PNG_FILLER_AFTER); /* strips the 4th byte */
    size_t stride = (size_t)width * (size_t)channels_in;
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * stride));
    }
    png_write_end(png, NULL);
    status = PRIMG_OK;
done:
    png_destroy_write_struct(&png, &header);
    if (status == PRIMG_OK) {
        *out = context.output.data;
        *out_size = context.output.size;
    } else {
        free(context.output.data);
    }
    return status;
}
