/* ops_x87.h — handlers and group tables of the x87 family (see tab_x87_*.inc). */
#ifndef EMU_OPS_X87_H
#define EMU_OPS_X87_H
#include "cpu_internal.h"

#endif
