/* ops_alu.h — handlers and group tables of the alu family (see tab_alu_*.inc). */
#ifndef EMU_OPS_ALU_H
#define EMU_OPS_ALU_H
#include "cpu_internal.h"

#endif
