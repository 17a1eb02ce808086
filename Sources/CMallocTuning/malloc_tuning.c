// The tuning lives in the header as an inline function; SwiftPM wants one source file.
#include "malloc_tuning.h"
