// Umbrella header for the Tesseract C API. Only TesseractKit imports this
// module; everything above it sees plain Swift types.
#ifndef CTESSERACT_SHIM_H
#define CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
#endif
