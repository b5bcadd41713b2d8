/* JPEG encoding from RGB(A) or grey pixels over libjpeg(-turbo), into a buffer we own, errors caught by setjmp. */
#include "primg_jpeg_internal.h"

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
    primg_jpeg_install_handlers(&context);
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
