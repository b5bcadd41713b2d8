/*
 * CPhotoroomImaging: a small C shim over libpng and libjpeg-turbo.
 *
 * Every setjmp/longjmp of libpng and libjpeg stays inside this target. Swift sees only the
 * prefixed functions and plain structs declared here; png.h and jpeglib.h are included by
 * the .c files only. There are no globals: every call owns its state, so calls may run on
 * many threads at once. No function prints, exits or aborts on bad input.
 */
#ifndef C_PHOTOROOM_IMAGING_H
#define C_PHOTOROOM_IMAGING_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__clang__)
#define _Nullable
#define _Nonnull
#endif

/* Status codes returned by every primg_* function. */
#define PRIMG_OK 0                 /* decoded or encoded cleanly */
#define PRIMG_WARNING 1            /* JPEG: libjpeg recovered from damage (warnings > 0): the data is damaged */
#define PRIMG_ERROR (-1)           /* corrupt or truncated data; `message` says what */
#define PRIMG_TOO_MANY_PIXELS (-2) /* width * height exceeds the caller's max_pixels; refused before any image-sized allocation */
#define PRIMG_UNSUPPORTED (-3)     /* neither PNG nor JPEG, or a JPEG colour space we cannot convert */
#define PRIMG_NO_MEMORY (-4)       /* an allocation failed */
#define PRIMG_INVALID_ARGUMENT (-5)

/* Container formats recognised by the shim. */
#define PRIMG_FORMAT_UNKNOWN 0
#define PRIMG_FORMAT_PNG 1
#define PRIMG_FORMAT_JPEG 2

/* Colour models, as stored in the file. */
#define PRIMG_MODEL_UNKNOWN 0
#define PRIMG_MODEL_GRAY 1
#define PRIMG_MODEL_GRAY_ALPHA 2
#define PRIMG_MODEL_RGB 3
#define PRIMG_MODEL_RGBA 4
#define PRIMG_MODEL_PALETTE 5
#define PRIMG_MODEL_YCBCR 6
#define PRIMG_MODEL_CMYK 7
#define PRIMG_MODEL_YCCK 8

#define PRIMG_MESSAGE_SIZE 256

/* What a probe or decode found. Every field is filled as far as the data allowed. */
typedef struct primg_info {
    int format;             /* PRIMG_FORMAT_* */
    uint32_t width;
    uint32_t height;
    int channels;           /* channels stored in the file (PNG palette: 1; JPEG CMYK: 4) */
    int bit_depth;          /* bits per sample (PNG 1, 2, 4, 8 or 16; JPEG 8 or 12) */
    int color_type;         /* PNG colour type, or JPEG J_COLOR_SPACE value */
    int color_model;        /* PRIMG_MODEL_* */
    int has_alpha;          /* PNG alpha channel or tRNS chunk */
    int interlaced;         /* PNG Adam7 */
    int progressive;        /* JPEG progressive (multi-scan) */
    int adobe_marker;       /* JPEG: an Adobe APP14 marker was seen (CMYK data is stored inverted) */
    uint32_t rows_decoded;  /* full mode: rows delivered by the decoder */
    uint32_t warnings;      /* JPEG: libjpeg warnings (damage); PNG: libpng warnings (benign, informational) */
    int truncated;          /* the data ended before the image did */
    char message[PRIMG_MESSAGE_SIZE]; /* the error, or the first warning; empty when clean */
} primg_info;

/* Returns PRIMG_FORMAT_* from the first bytes (PNG signature, JPEG SOI + marker). */
int primg_sniff(const void *_Nullable data, size_t size);

/*
 * Probes a PNG or JPEG held in memory.
 * full_decode == 0: headers only (PNG chunks up to the first IDAT, JPEG markers up to SOS).
 * full_decode != 0: additionally decodes every row into a one-row scratch buffer, and for PNG
 * reads to IEND (checking every CRC); JPEG warnings are counted and make the status PRIMG_WARNING.
 * Images with width * height > max_pixels return PRIMG_TOO_MANY_PIXELS after the header.
 */
int primg_probe(const void *_Nullable data, size_t size, int full_decode, uint64_t max_pixels,
                primg_info *_Nonnull info);

/*
 * Decodes a PNG or JPEG to 8-bit straight RGBA, rows top to bottom, width * 4 bytes a row.
 * On PRIMG_OK or PRIMG_WARNING, *out_pixels holds width * height * 4 bytes allocated with
 * malloc: release it with primg_free. On any other status *out_pixels is NULL.
 * PNG: every colour type and depth (palette expanded, tRNS to alpha, 16-bit scaled to 8).
 * JPEG: gray, YCbCr, RGB, and CMYK/YCCK converted to RGB (Adobe inverted CMYK handled).
 */
int primg_decode_rgba(const void *_Nullable data, size_t size, uint64_t max_pixels,
                      uint8_t *_Nullable *_Nonnull out_pixels, primg_info *_Nonnull info);

/*
 * Like primg_decode_rgba, but into a caller-allocated buffer of `capacity` bytes, which must hold
 * width * height * 4 (read the dimensions first with primg_probe in header mode). A buffer that is too
 * small gives PRIMG_INVALID_ARGUMENT before any decoding, with info's width and height filled in.
 */
int primg_decode_rgba_into(const void *_Nullable data, size_t size, uint64_t max_pixels,
                           uint8_t *_Nonnull buffer, size_t capacity, primg_info *_Nonnull info);

/*
 * Like primg_decode_rgba, but a JPEG is decoded reduced by libjpeg's DCT scaling (1/2, 1/4 or 1/8: much
 * less work than a full decode) to the smallest scale whose longest side is still at least min_side
 * (0: full size). PNG is always decoded at full size. *out_width and *out_height receive the decoded
 * size (info keeps the file's). Meant for previews and thumbnails.
 */
int primg_decode_rgba_reduced(const void *_Nullable data, size_t size, uint64_t max_pixels, uint32_t min_side,
                              uint8_t *_Nullable *_Nonnull out_pixels, uint32_t *_Nonnull out_width,
                              uint32_t *_Nonnull out_height, primg_info *_Nonnull info);

/*
 * Encodes packed 8-bit pixels (channels_in 3 = RGB or 4 = RGBA, width * channels_in bytes a row)
 * as PNG. write_alpha != 0 writes RGBA (needs channels_in 4); otherwise RGB (alpha dropped).
 * compression_level is zlib's 0...9. On PRIMG_OK *out is malloc'd (free with primg_free).
 */
int primg_encode_png(const uint8_t *_Nonnull pixels, uint32_t width, uint32_t height, int channels_in,
                     int write_alpha, int compression_level,
                     uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_size,
                     char *_Nullable message, size_t message_size);

/*
 * Like primg_decode_rgba, but into a caller-allocated buffer of `capacity` bytes, which must hold
 * width * height * 4 (read the dimensions first with primg_probe in header mode). A buffer that is too
 * small gives PRIMG_INVALID_ARGUMENT before any decoding, with info's width and height filled in.
 */
int primg_decode_rgba_into(const void *_Nullable data, size_t size, uint64_t max_pixels,
                           uint8_t *_Nonnull buffer, size_t capacity, primg_info *_Nonnull info);

/*
 * Encodes packed 8-bit pixels (channels_in 3 = RGB or 4 = RGBA; alpha ignored) as a baseline
 * 4:2:0 JPEG at quality 1...100. On PRIMG_OK *out is malloc'd (free with primg_free).
 */
int primg_encode_jpeg(const uint8_t *_Nonnull pixels, uint32_t width, uint32_t height, int channels_in,
                      int quality, uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_size,
                      char *_Nullable message, size_t message_size);

/* Options of primg_encode_jpeg_ex. */
typedef struct primg_jpeg_options {
    int quality;      /* 1...100 */
    int progressive;  /* != 0: a progressive (multi-scan) JPEG */
    int color_model;  /* colour space written: PRIMG_MODEL_YCBCR (default for 0), _GRAY, _RGB, _CMYK or _YCCK */
} primg_jpeg_options;

/*
 * Encodes packed 8-bit pixels with more control (tests and fixtures use it to make every JPEG flavour).
 * channels_in: 1 = gray, 3 = RGB, 4 = RGBA (alpha ignored) or, when color_model is CMYK/YCCK, CMYK samples
 * (written as they are, with an Adobe marker, so readers treat them as inverted: 255 = no ink).
 */
int primg_encode_jpeg_ex(const uint8_t *_Nonnull pixels, uint32_t width, uint32_t height, int channels_in,
                         const primg_jpeg_options *_Nonnull options, uint8_t *_Nullable *_Nonnull out,
                         size_t *_Nonnull out_size, char *_Nullable message, size_t message_size);

/* Frees a buffer returned by primg_decode_rgba, primg_encode_png or primg_encode_jpeg. */
void primg_free(void *_Nullable pointer);

#endif
