// The Tesseract C API's declarations (types and constants; the functions are
// looked up with dlsym). Only TesseractKit imports this module; everything
// above it sees plain Swift types.
#ifndef CTESSERACT_SHIM_H
#define CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#endif
