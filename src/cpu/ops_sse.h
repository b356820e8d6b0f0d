/* ops_sse.h — handlers and group tables of the sse family (see tab_sse_*.inc). */
#ifndef EMU_OPS_SSE_H
#define EMU_OPS_SSE_H
#include "cpu_internal.h"

#endif
