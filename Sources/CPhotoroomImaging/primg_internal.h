/* Helpers shared by the shim's .c files; not part of the public header. */
#ifndef PRIMG_INTERNAL_H
#define PRIMG_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CPhotoroomImaging.h"

/* A largest-allowed chunk for libpng ancillary data (iCCP, zTXt, …). */
#define PRIMG_PNG_CHUNK_MALLOC_MAX ((size_t)64 * 1024 * 1024)
/* libjpeg memory: room for the largest allowed progressive image's coefficients plus slack. */
#define PRIMG_JPEG_MEMORY_SLACK ((uint64_t)64 * 1024 * 1024)
/* A damaged progressive JPEG can carry thousands of scans; libjpeg would decode them all. */
#define PRIMG_JPEG_MAX_SCANS 1000

/* Writes a formatted, NUL-terminated message into buf (which may be NULL). */
void primg_set_message(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Clears info and sets its format. */
void primg_info_reset(primg_info *info, int format);

/* 1 when width * height exceeds max_pixels (or either side is 0 and max_pixels is 0). */
int primg_exceeds_pixels(uint32_t width, uint32_t height, uint64_t max_pixels);

/* A growable output buffer, owned by the caller until handed out. */
typedef struct primg_growbuf {
    uint8_t *data;
    size_t size;
    size_t capacity;
} primg_growbuf;

/* Makes room for `extra` more bytes. Returns 0, or -1 when memory ran out. */
int primg_growbuf_reserve(primg_growbuf *buf, size_t extra);

/* Appends n bytes. Returns 0, or -1 when memory ran out. */
int primg_growbuf_append(primg_growbuf *buf, const void *bytes, size_t n);

int primg_png_probe(const uint8_t *data, size_t size, int full, uint64_t max_pixels, primg_info *info);
/* Decoders write into `buffer` (capacity bytes) when it is not NULL, else into a malloc'd buffer returned in *out. */
int primg_png_decode_rgba(const uint8_t *data, size_t size, uint64_t max_pixels, uint8_t *buffer, size_t capacity,
                          uint8_t **out, primg_info *info);
int primg_jpeg_probe(const uint8_t *data, size_t size, int full, uint64_t max_pixels, primg_info *info);
/* min_side > 0 (only with out, not buffer): decode reduced by DCT scaling, longest side still >= min_side;
 * out_width/out_height (may be NULL) receive the decoded size. */
int primg_jpeg_decode_rgba(const uint8_t *data, size_t size, uint64_t max_pixels, uint8_t *buffer, size_t capacity,
                           uint8_t **out, primg_info *info, uint32_t min_side, uint32_t *out_width,
                           uint32_t *out_height);

/* 0 when needed <= capacity; otherwise -1 with a message in info. */
int primg_check_capacity(primg_info *info, size_t needed, size_t capacity);

#endif
