/* ops_mov.h — handlers and group tables of the mov family (see tab_mov_*.inc). */
#ifndef EMU_OPS_MOV_H
#define EMU_OPS_MOV_H
#include "cpu_internal.h"

#endif
