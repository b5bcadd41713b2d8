/* Format sniffing, dispatch and the small helpers shared by the PNG and JPEG code. */
#include "primg_internal.h"

void primg_set_message(char *buf, size_t size, const char *fmt, ...) {
    if (buf == NULL || size == 0) return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(buf, size, fmt, args);
    va_end(args);
}

void primg_info_reset(primg_info *info, int format) {
    memset(info, 0, sizeof(*info));
    info->format = format;
}

int primg_exceeds_pixels(uint32_t width, uint32_t height, uint64_t max_pixels) {
    return (uint64_t)width * (uint64_t)height > max_pixels;
}

int primg_growbuf_reserve(primg_growbuf *buf, size_t extra) {
    if (extra <= buf->capacity - buf->size) return 0;
    if (extra > SIZE_MAX / 2 - buf->size) return -1;
    size_t capacity = buf->capacity ? buf->capacity : 64 * 1024;
    while (capacity - buf->size < extra) capacity *= 2;
    uint8_t *grown = realloc(buf->data, capacity);
    if (grown == NULL) return -1;
    buf->data = grown;
    buf->capacity = capacity;
    return 0;
}

int primg_growbuf_append(primg_growbuf *buf, const void *bytes, size_t n) {
    if (primg_growbuf_reserve(buf, n) != 0) return -1;
    memcpy(buf->data + buf->size, bytes, n);
    buf->size += n;
    return 0;
}

int primg_sniff(const void *data, size_t size) {
    static const uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    const uint8_t *bytes = data;
    if (bytes == NULL) return PRIMG_FORMAT_UNKNOWN;
    if (size >= 8 && memcmp(bytes, png_signature, 8) == 0) return PRIMG_FORMAT_PNG;
    if (size >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return PRIMG_FORMAT_JPEG;
    return PRIMG_FORMAT_UNKNOWN;
}

int primg_probe(const void *data, size_t size, int full_decode, uint64_t max_pixels, primg_info *info) {
    if (info == NULL) return PRIMG_INVALID_ARGUMENT;
    switch (primg_sniff(data, size)) {
    case PRIMG_FORMAT_PNG:
        return primg_png_probe(data, size, full_decode, max_pixels, info);
    case PRIMG_FORMAT_JPEG:
        return primg_jpeg_probe(data, size, full_decode, max_pixels, info);
    default:
        primg_info_reset(info, PRIMG_FORMAT_UNKNOWN);
        primg_set_message(info->message, sizeof(info->message), "not a PNG or JPEG signature");
        return PRIMG_UNSUPPORTED;
    }
}

static int decode_rgba(const void *data, size_t size, uint64_t max_pixels, uint8_t *buffer, size_t capacity,
                       uint8_t **out, primg_info *info) {
    switch (primg_sniff(data, size)) {
    case PRIMG_FORMAT_PNG:
        return primg_png_decode_rgba(data, size, max_pixels, buffer, capacity, out, info);
    case PRIMG_FORMAT_JPEG:
        return primg_jpeg_decode_rgba(data, size, max_pixels, buffer, capacity, out, info, 0, NULL, NULL);
    default:
        primg_info_reset(info, PRIMG_FORMAT_UNKNOWN);
        primg_set_message(info->message, sizeof(info->message), "not a PNG or JPEG signature");
        return PRIMG_UNSUPPORTED;
    }
}

int primg_decode_rgba(const void *data, size_t size, uint64_t max_pixels, uint8_t **out_pixels, primg_info *info) {
    if (info == NULL || out_pixels == NULL) return PRIMG_INVALID_ARGUMENT;
    *out_pixels = NULL;
    return decode_rgba(data, size, max_pixels, NULL, 0, out_pixels, info);
}

int primg_decode_rgba_into(const void *data, size_t size, uint64_t max_pixels, uint8_t *buffer, size_t capacity,
                           primg_info *info) {
    if (info == NULL || buffer == NULL) return PRIMG_INVALID_ARGUMENT;
    return decode_rgba(data, size, max_pixels, buffer, capacity, NULL, info);
}

int primg_check_capacity(primg_info *info, size_t needed, size_t capacity) {
    if (needed <= capacity) return 0;
    primg_set_message(info->message, sizeof(info->message), "output buffer of %zu bytes is smaller than the %zu needed",
                      capacity, needed);
    return -1;
}

void primg_free(void *pointer) {
    free(pointer);
}

int primg_decode_rgba_reduced(const void *data, size_t size, uint64_t max_pixels, uint32_t min_side,
                              uint8_t **out_pixels, uint32_t *out_width, uint32_t *out_height, primg_info *info) {
    if (info == NULL || out_pixels == NULL || out_width == NULL || out_height == NULL) return PRIMG_INVALID_ARGUMENT;
    *out_pixels = NULL;
    *out_width = 0;
    *out_height = 0;
    if (primg_sniff(data, size) == PRIMG_FORMAT_JPEG) {
        return primg_jpeg_decode_rgba(data, size, max_pixels, NULL, 0, out_pixels, info, min_side, out_width,
                                      out_height);
    }
    int status = decode_rgba(data, size, max_pixels, NULL, 0, out_pixels, info);
    if (status == PRIMG_OK || status == PRIMG_WARNING) {
        *out_width = info->width;
        *out_height = info->height;
    }
    return status;
}
