/* test_alu.c — the alu family (exec_alu.c, exec_shift.c, exec_muldiv.c,
 * exec_bits.c) against the host CPU.
 *
 * Each row is an instruction (or a short sequence) in assembler text; the
 * assembler encodes it into this test binary.  For many random and edge-case
 * register states the bytes are run twice:
 *   - natively, copied between a prologue that loads the 15 registers and
 *     RFLAGS from a state record and an epilogue that stores them back;
 *   - under emu: dec_decode_buf, then the handler, over a struct cpu whose
 *     guest memory holds the same data.
 * Registers, the six arithmetic flags (minus those the SDM leaves undefined
 * for the row's class), the #DE outcome, the memory buffer and every
 * Jcc condition emu reports (cpu_cond on the still-lazy state) must agree.
 *
 * Memory operands use %rbp: natively it points into a host buffer, under emu
 * at the same offset of a guest page (only in rows that use it); it is
 * compared relative to the buffer.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "cpu/cpu_internal.h"
#include "mem/mem.h"

/* Row classes: which flags are undefined (SDM vol. 2, "Flags Affected"). */
#define C_DEF       0 /* all defined */
#define C_LOGIC     1 /* AND OR XOR TEST: "The state of the AF flag is undefined" */
#define C_SHIFT     2 /* AF undefined; OF only for 1-bit shifts; CF when count >= width */
#define C_ROT       3 /* "The OF flag is defined only for the 1-bit rotates" */
#define C_MUL       4 /* "The SF, ZF, AF, and PF flags are undefined" */
#define C_DIV       5 /* "The CF, OF, SF, ZF, AF, and PF flags are undefined" */
#define C_BT        6 /* "The ZF flag is unaffected. The OF, SF, AF, and PF flags are undefined" */
#define C_BSF       7 /* "The CF, OF, SF, AF, and PF flags are undefined" */
#define C_TZ        8 /* TZCNT/LZCNT: "OF, SF, PF and AF flags are undefined" */
#define C_SHXD      9 /* AF undefined; OF only for 1-bit; result undefined for count > width */
#define C_CMPXCHG   10
#define C_CMPXCHG8  11
#define C_CMPXCHG16 12

#define G_ARITH  0
#define G_MULDIV 1
#define G_SHIFT  2
#define G_BITS   3
#define G_SEQ    4

struct row {
  const u8 *start, *end;
  u64 group, cls, bits, cnt, maxcl; /* cnt: shift count, or -1 for CL */
  const char *text;
};

#define STR_(x) #x
#define STR(x)  STR_(x)
/* One row: its bytes in .rodata, its record in section alurows. */
#define ROWX(g, cls, bits, cnt, maxcl, text) \
  __asm__(".pushsection alurows,\"aw\"\n"                                                  \
          ".quad 1f, 2f, " STR(g) ", " STR(cls) ", " STR(bits) ", " STR(cnt) ", " STR(     \
              maxcl) ", 3f\n"                                                               \
                     ".popsection\n"                                                        \
                     ".pushsection .rodata\n"                                               \
                     "1: " text "\n2:\n3: .asciz \"" text "\"\n"                            \
                     ".popsection\n");
#define ROW(g, cls, text) ROWX(g, cls, 0, 0, 255, text)
extern const struct row __start_alurows[], __stop_alurows[];

/* ---- The rows ---- */

#define ALU_COMMON(op, cls)                     \
  ROW(G_ARITH, cls, op " %bh, %cl")             \
  ROW(G_ARITH, cls, op " %sil, %r9b")           \
  ROW(G_ARITH, cls, op " %cx, %dx")             \
  ROW(G_ARITH, cls, op " %ecx, %edx")           \
  ROW(G_ARITH, cls, op " %rcx, %rdx")           \
  ROW(G_ARITH, cls, op " (%rbp), %al")          \
  ROW(G_ARITH, cls, op " %ecx, (%rbp)")         \
  ROW(G_ARITH, cls, op " (%rbp), %rdx")         \
  ROW(G_ARITH, cls, op " $0x7f, %al")           \
  ROW(G_ARITH, cls, op " $0x12345678, %eax")    \
  ROW(G_ARITH, cls, op " $-5, %rax")            \
  ROW(G_ARITH, cls, op " $0x1234, %ax")         \
  ROW(G_ARITH, cls, op " $0x80, %bl")           \
  ROW(G_ARITH, cls, op " $0x7fffffff, %rax")    \
  ROW(G_ARITH, cls, op " $-2, %r10")            \
  ROW(G_ARITH, cls, "{load} " op " %ecx, %edx") \
  ROW(G_ARITH, cls, "{load} " op " %cl, %ah")   \
  ROW(G_ARITH, cls, "{load} " op " %r8, %r9")   \
  ROW(G_ARITH, cls, op "l $0x7fffffff, (%rbp)") \
  ROW(G_ARITH, cls, op "q $-1, (%rbp)")         \
  ROW(G_ARITH, cls, op "w $-3, 2(%rbp)")        \
  ROW(G_ARITH, cls, op "b $0x81, 1(%rbp)")      \
  ROW(G_ARITH, cls, op "w $0x1234, (%rbp)")
#define ALU_LOCKED(op, cls)                      \
  ROW(G_ARITH, cls, "lock " op " %edx, (%rbp)")  \
  ROW(G_ARITH, cls, "lock " op "b $1, (%rbp)")   \
  ROW(G_ARITH, cls, "lock " op "q %r8, 8(%rbp)") \
  ROW(G_ARITH, cls, "lock " op "w $-9, 4(%rbp)")

ALU_COMMON("add", C_DEF)
ALU_COMMON("or", C_LOGIC)
ALU_COMMON("adc", C_DEF)
ALU_COMMON("sbb", C_DEF)
ALU_COMMON("and", C_LOGIC)
ALU_COMMON("sub", C_DEF)
ALU_COMMON("xor", C_LOGIC)
ALU_COMMON("cmp", C_DEF)
ALU_LOCKED("add", C_DEF)
ALU_LOCKED("or", C_LOGIC)
ALU_LOCKED("adc", C_DEF)
ALU_LOCKED("sbb", C_DEF)
ALU_LOCKED("and", C_LOGIC)
ALU_LOCKED("sub", C_DEF)
ALU_LOCKED("xor", C_LOGIC)

ROW(G_ARITH, C_LOGIC, "test %bh, %cl")
ROW(G_ARITH, C_LOGIC, "test %ecx, %edx")
ROW(G_ARITH, C_LOGIC, "test %rcx, (%rbp)")
ROW(G_ARITH, C_LOGIC, "test $0x80, %al")
ROW(G_ARITH, C_LOGIC, "test $0x8000, %ax")
ROW(G_ARITH, C_LOGIC, "test $-1, %rax")
ROW(G_ARITH, C_LOGIC, "testb $1, (%rbp)")
ROW(G_ARITH, C_LOGIC, "testl $0xf0f0, %esi")
ROW(G_ARITH, C_LOGIC, "testq $-16, %r10")
ROW(G_ARITH, C_LOGIC, ".byte 0xf6, 0xc9, 0x81 /* test $0x81, %cl (F6 /1) */")
ROW(G_ARITH, C_DEF, "inc %al")
ROW(G_ARITH, C_DEF, "inc %bh")
ROW(G_ARITH, C_DEF, "dec %r9w")
ROW(G_ARITH, C_DEF, "inc %ecx")
ROW(G_ARITH, C_DEF, "dec %rdx")
ROW(G_ARITH, C_DEF, "incl (%rbp)")
ROW(G_ARITH, C_DEF, "decw (%rbp)")
ROW(G_ARITH, C_DEF, "lock decq (%rbp)")
ROW(G_ARITH, C_DEF, "lock incb (%rbp)")
ROW(G_ARITH, C_DEF, "not %cl")
ROW(G_ARITH, C_DEF, "not %r11d")
ROW(G_ARITH, C_DEF, "notq (%rbp)")
ROW(G_ARITH, C_DEF, "lock notb (%rbp)")
ROW(G_ARITH, C_DEF, "neg %ah")
ROW(G_ARITH, C_DEF, "neg %ecx")
ROW(G_ARITH, C_DEF, "neg %rdx")
ROW(G_ARITH, C_DEF, "negw (%rbp)")
ROW(G_ARITH, C_DEF, "lock negl (%rbp)")
ROW(G_ARITH, C_DEF, "cmc")
ROW(G_ARITH, C_DEF, "clc")
ROW(G_ARITH, C_DEF, "stc")
ROW(G_ARITH, C_DEF, "cbw")
ROW(G_ARITH, C_DEF, "cwde")
ROW(G_ARITH, C_DEF, "cdqe")
ROW(G_ARITH, C_DEF, "cwd")
ROW(G_ARITH, C_DEF, "cdq")
ROW(G_ARITH, C_DEF, "cqo")
ROW(G_ARITH, C_DEF, "xadd %cl, %dl")
ROW(G_ARITH, C_DEF, "xadd %ecx, %edx")
ROW(G_ARITH, C_DEF, "xadd %eax, %eax")
ROW(G_ARITH, C_DEF, "xadd %si, %di")
ROW(G_ARITH, C_DEF, "xadd %rcx, (%rbp)")
ROW(G_ARITH, C_DEF, "lock xadd %ecx, (%rbp)")
ROW(G_ARITH, C_DEF, "lock xadd %bh, (%rbp)")
ROW(G_ARITH, C_CMPXCHG, "cmpxchg %cl, %dl")
ROW(G_ARITH, C_CMPXCHG, "cmpxchg %ecx, %edx")
ROW(G_ARITH, C_CMPXCHG, "cmpxchg %rcx, %rdx")
ROW(G_ARITH, C_CMPXCHG, "cmpxchg %cx, %dx")
ROW(G_ARITH, C_CMPXCHG, "cmpxchg %cx, (%rbp)")
ROW(G_ARITH, C_CMPXCHG, "cmpxchg %esi, (%rbp)")
ROW(G_ARITH, C_CMPXCHG, "lock cmpxchg %rcx, (%rbp)")
ROW(G_ARITH, C_CMPXCHG, "lock cmpxchg %bh, (%rbp)")
ROW(G_ARITH, C_CMPXCHG8, "cmpxchg8b (%rbp)")
ROW(G_ARITH, C_CMPXCHG8, "lock cmpxchg8b (%rbp)")
ROW(G_ARITH, C_CMPXCHG16, "cmpxchg16b (%rbp)")
ROW(G_ARITH, C_CMPXCHG16, "lock cmpxchg16b (%rbp)")

#define MULDIV(op, cls)             \
  ROW(G_MULDIV, cls, op " %cl")     \
  ROW(G_MULDIV, cls, op " %bh")     \
  ROW(G_MULDIV, cls, op " %cx")     \
  ROW(G_MULDIV, cls, op " %ecx")    \
  ROW(G_MULDIV, cls, op " %rcx")    \
  ROW(G_MULDIV, cls, op " %r9")     \
  ROW(G_MULDIV, cls, op "b (%rbp)") \
  ROW(G_MULDIV, cls, op "w (%rbp)") \
  ROW(G_MULDIV, cls, op "l (%rbp)") \
  ROW(G_MULDIV, cls, op "q (%rbp)")
MULDIV("mul", C_MUL)
MULDIV("imul", C_MUL)
MULDIV("div", C_DIV)
MULDIV("idiv", C_DIV)
ROW(G_MULDIV, C_MUL, "imul %cx, %dx")
ROW(G_MULDIV, C_MUL, "imul %ecx, %edx")
ROW(G_MULDIV, C_MUL, "imul %rcx, %rdx")
ROW(G_MULDIV, C_MUL, "imul $-7, %ecx, %edx")
ROW(G_MULDIV, C_MUL, "imul $0x12345, %rcx, %rdx")
ROW(G_MULDIV, C_MUL, "imul $1000, %cx, %dx")
ROW(G_MULDIV, C_MUL, "imul (%rbp), %esi")
ROW(G_MULDIV, C_MUL, "imul $-128, (%rbp), %r9")
ROW(G_MULDIV, C_MUL, "imul $3, %r8w, %r9w")

#define SHIFT(op, cls)                                \
  ROWX(G_SHIFT, cls, 8, -1, 255, op " %cl, %dl")      \
  ROWX(G_SHIFT, cls, 8, -1, 255, op " %cl, %ah")      \
  ROWX(G_SHIFT, cls, 16, -1, 255, op " %cl, %dx")     \
  ROWX(G_SHIFT, cls, 32, -1, 255, op " %cl, %edx")    \
  ROWX(G_SHIFT, cls, 64, -1, 255, op " %cl, %rdx")    \
  ROWX(G_SHIFT, cls, 8, 1, 255, op " $1, %bh")        \
  ROWX(G_SHIFT, cls, 64, 1, 255, op " $1, %r9")       \
  ROWX(G_SHIFT, cls, 16, 1, 255, op " $1, %si")       \
  ROWX(G_SHIFT, cls, 32, 3, 255, op " $3, %esi")      \
  ROWX(G_SHIFT, cls, 16, 13, 255, op " $13, %r9w")    \
  ROWX(G_SHIFT, cls, 16, 17, 255, op " $17, %r9w")    \
  ROWX(G_SHIFT, cls, 64, 63, 255, op " $63, %rdi")    \
  ROWX(G_SHIFT, cls, 8, 9, 255, op " $9, %al")        \
  ROWX(G_SHIFT, cls, 32, 0, 255, op " $0, %ecx")      \
  ROWX(G_SHIFT, cls, 32, 32, 255, op " $32, %ecx")    \
  ROWX(G_SHIFT, cls, 32, -1, 255, op "l %cl, (%rbp)") \
  ROWX(G_SHIFT, cls, 8, -1, 255, op "b %cl, (%rbp)")  \
  ROWX(G_SHIFT, cls, 64, 1, 255, op "q $1, (%rbp)")   \
  ROWX(G_SHIFT, cls, 16, 5, 255, op "w $5, (%rbp)")
SHIFT("rol", C_ROT)
SHIFT("ror", C_ROT)
SHIFT("rcl", C_ROT)
SHIFT("rcr", C_ROT)
SHIFT("shl", C_SHIFT)
SHIFT("shr", C_SHIFT)
SHIFT("sar", C_SHIFT)
ROWX(G_SHIFT, C_SHIFT, 32, -1, 255, ".byte 0xd3, 0xf2 /* sal %cl, %edx (/6) */")
ROWX(G_SHIFT, C_SHIFT, 8, 3, 255, ".byte 0xc0, 0xf1, 0x03 /* sal $3, %cl (/6) */")

#define SHXD(op)                                              \
  ROWX(G_SHIFT, C_SHXD, 32, 5, 255, op " $5, %ecx, %edx")     \
  ROWX(G_SHIFT, C_SHXD, 32, 1, 255, op " $1, %ecx, %edx")     \
  ROWX(G_SHIFT, C_SHXD, 64, -1, 255, op " %cl, %rcx, %rdx")   \
  ROWX(G_SHIFT, C_SHXD, 32, -1, 255, op " %cl, %esi, %edi")   \
  ROWX(G_SHIFT, C_SHXD, 16, 4, 255, op " $4, %cx, %dx")       \
  ROWX(G_SHIFT, C_SHXD, 16, 16, 255, op " $16, %cx, %dx")     \
  ROWX(G_SHIFT, C_SHXD, 16, -1, 16, op " %cl, %cx, %dx")      \
  ROWX(G_SHIFT, C_SHXD, 32, -1, 255, op " %cl, %esi, (%rbp)") \
  ROWX(G_SHIFT, C_SHXD, 64, 63, 255, op " $63, %rcx, (%rbp)") \
  ROWX(G_SHIFT, C_SHXD, 64, 0, 255, op " $0, %rcx, %rdx")     \
  ROWX(G_SHIFT, C_SHXD, 32, 0, 255, op " $0, %ecx, %edx")
SHXD("shld")
SHXD("shrd")

ROW(G_BITS, C_BT, "bt %ecx, %edx")
ROW(G_BITS, C_BT, "bts %rcx, %rdx")
ROW(G_BITS, C_BT, "btr %cx, %dx")
ROW(G_BITS, C_BT, "btc %ecx, %edx")
ROW(G_BITS, C_BT, "bt %esi, (%rbp)")
ROW(G_BITS, C_BT, "bt %rsi, 16(%rbp)")
ROW(G_BITS, C_BT, "bts %rsi, (%rbp)")
ROW(G_BITS, C_BT, "btr %si, (%rbp)")
ROW(G_BITS, C_BT, "btc %rsi, (%rbp)")
ROW(G_BITS, C_BT, "lock btc %esi, (%rbp)")
ROW(G_BITS, C_BT, "lock bts %rsi, (%rbp)")
ROW(G_BITS, C_BT, "lock btr %si, (%rbp)")
ROW(G_BITS, C_BT, "bt $35, %rdx")
ROW(G_BITS, C_BT, "btc $7, %si")
ROW(G_BITS, C_BT, "btsl $31, (%rbp)")
ROW(G_BITS, C_BT, "btrw $17, (%rbp)")
ROW(G_BITS, C_BT, "lock btcq $63, (%rbp)")
#define SCAN(op, cls)                  \
  ROW(G_BITS, cls, op " %ecx, %edx")   \
  ROW(G_BITS, cls, op " %rcx, %rdx")   \
  ROW(G_BITS, cls, op " %cx, %dx")     \
  ROW(G_BITS, cls, op " (%rbp), %esi") \
  ROW(G_BITS, cls, op " %r8, %r9")
SCAN("bsf", C_BSF)
SCAN("bsr", C_BSF)
SCAN("tzcnt", C_TZ)
SCAN("lzcnt", C_TZ)
SCAN("popcnt", C_DEF)
ROW(G_BITS, C_DEF, "bswap %ecx")
ROW(G_BITS, C_DEF, "bswap %r9")
ROW(G_BITS, C_DEF, "bswap %rdx")
ROW(G_BITS, C_DEF, ".byte 0x66, 0x0f, 0xc9 /* bswap %cx */")
ROW(G_BITS, C_DEF, "movbe (%rbp), %ecx")
ROW(G_BITS, C_DEF, "movbe %rdx, (%rbp)")
ROW(G_BITS, C_DEF, "movbe (%rbp), %cx")
ROW(G_BITS, C_DEF, "movbe %dx, 2(%rbp)")
ROW(G_BITS, C_DEF, "movbe (%rbp), %r9")

/* Conditions after each kind of lazy state, and flags carried between
 * instructions (the old CF through INC/DEC, ADC/SBB after every producer). */
#define CC(cc)                                                      \
  ROW(G_SEQ, C_DEF, "set" cc " %al")                                \
  ROW(G_SEQ, C_DEF, "cmov" cc " %esi, %edi")                        \
  ROW(G_SEQ, C_DEF, "cmov" cc " %rsi, %rdi")                        \
  ROW(G_SEQ, C_DEF, "cmov" cc " %si, %di")                          \
  ROW(G_SEQ, C_DEF, "cmov" cc " (%rbp), %ecx")                      \
  ROW(G_SEQ, C_DEF, "cmp %ecx, %edx; set" cc " %al; set" cc " %bh") \
  ROW(G_SEQ, C_DEF, "cmpb %cl, (%rbp); set" cc " (%rbp)")           \
  ROW(G_SEQ, C_DEF, "sub %r8w, %r9w; cmov" cc " %rsi, %rdi")        \
  ROW(G_SEQ, C_DEF, "test %rcx, %rdx; set" cc " %al")               \
  ROW(G_SEQ, C_DEF, "and %cl, %dl; cmov" cc " %esi, %edi")          \
  ROW(G_SEQ, C_DEF, "add %rcx, %rdx; set" cc " %al")                \
  ROW(G_SEQ, C_DEF, "adc %ecx, %edx; set" cc " %al")                \
  ROW(G_SEQ, C_DEF, "sbb %cx, %dx; set" cc " %al")                  \
  ROW(G_SEQ, C_DEF, "inc %esi; set" cc " %al")                      \
  ROW(G_SEQ, C_DEF, "dec %r9b; set" cc " %al")                      \
  ROW(G_SEQ, C_DEF, "neg %rdx; set" cc " %al")                      \
  ROWX(G_SEQ, C_SHIFT, 32, 1, 255, "shl $1, %edx; set" cc " %al")   \
  ROWX(G_SEQ, C_SHIFT, 8, 1, 255, "sar $1, %dl; set" cc " %al")     \
  ROWX(G_SEQ, C_SHIFT, 64, 1, 255, "shr $1, %rdx; set" cc " %al")   \
  ROW(G_SEQ, C_DEF, "xor %ecx, %ecx; set" cc " %al")                \
  ROW(G_SEQ, C_DEF, "rcr $1, %dl; set" cc " %al")                   \
  ROW(G_SEQ, C_DEF, "cmpxchg %ecx, %edx; set" cc " %al")
CC("o")
CC("no")
CC("b")
CC("ae")
CC("e")
CC("ne")
CC("be")
CC("a")
CC("s")
CC("ns")
CC("p")
CC("np")
CC("l")
CC("ge")
CC("le")
CC("g")
ROW(G_SEQ, C_DEF, "add %rcx, %rdx; adc %esi, %edi")
ROW(G_SEQ, C_DEF, "sub %cl, %dl; sbb %si, %di")
ROW(G_SEQ, C_DEF, "shl %cl, %edx; adc $0, %esi")
ROW(G_SEQ, C_DEF, "inc %ecx; adc %edx, %esi")
ROW(G_SEQ, C_DEF, "neg %rcx; sbb %rdx, %rdx")
ROW(G_SEQ, C_DEF, "imul %ecx, %edx; adc $0, %esi")
ROW(G_SEQ, C_DEF, "dec %al; inc %bh; adc %ecx, %edx")
ROW(G_SEQ, C_DEF, "add %ecx, %edx; inc %esi; dec %edi; sbb %eax, %eax")
ROW(G_SEQ, C_DEF, "test %eax, %eax; adc %ecx, %edx")
ROW(G_SEQ, C_DEF, "bt %ecx, %edx; adc $0, %esi")
ROW(G_SEQ, C_BSF, "bsr %ecx, %edx; setz %al")
ROW(G_SEQ, C_DEF, "cmp %esi, %edi; sbb %eax, %eax")
ROW(G_SEQ, C_DEF, "popcnt %rcx, %rdx; setz %al")
ROW(G_SEQ, C_DEF, "xadd %ecx, %edx; seto %al")
ROW(G_SEQ, C_DEF, "rol %cl, %dl; adc %esi, %edi")
ROW(G_SEQ, C_MUL, "mul %ecx; seto %sil")
ROW(G_SEQ, C_DEF, "shr %cl, %rdx; cmc; adc %esi, %edi")
ROW(G_SEQ, C_DEF, "sar %cl, %esi; stc; adc %edx, %edx")
ROW(G_SEQ, C_DEF, "cmpxchg %ecx, %edx; sbb $7, %esi")
/* OF after RCR by CL is undefined unless the count is 1 (C_ROT): Intel and
 * AMD hosts leave different values there. */
ROWX(G_SEQ, C_ROT, 32, -1, 255, "sub %ecx, %edx; rcl $1, %esi; rcr %cl, %edi")

/* ---- Native execution ---- */

struct state {
  u64 r[16];
  u64 flags;
};

/* rdi = struct state *: save callee-saved registers, load RFLAGS and the
 * registers (all but rsp; rdi last), run the bytes that follow. */
__asm__(
    ".pushsection .rodata\n"
    "native_pre:\n"
    "push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15; push %rdi\n"
    "pushq 128(%rdi); popfq\n"
    "mov 0(%rdi), %rax; mov 8(%rdi), %rcx; mov 16(%rdi), %rdx; mov 24(%rdi), %rbx\n"
    "mov 40(%rdi), %rbp; mov 48(%rdi), %rsi; mov 64(%rdi), %r8; mov 72(%rdi), %r9\n"
    "mov 80(%rdi), %r10; mov 88(%rdi), %r11; mov 96(%rdi), %r12; mov 104(%rdi), %r13\n"
    "mov 112(%rdi), %r14; mov 120(%rdi), %r15; mov 56(%rdi), %rdi\n"
    "native_post:\n"
    "xchg %rdi, (%rsp)\n"
    "mov %rax, 0(%rdi); mov %rcx, 8(%rdi); mov %rdx, 16(%rdi); mov %rbx, 24(%rdi)\n"
    "mov %rbp, 40(%rdi); mov %rsi, 48(%rdi); mov %r8, 64(%rdi); mov %r9, 72(%rdi)\n"
    "mov %r10, 80(%rdi); mov %r11, 88(%rdi); mov %r12, 96(%rdi); mov %r13, 104(%rdi)\n"
    "mov %r14, 112(%rdi); mov %r15, 120(%rdi)\n"
    "pushfq; popq 128(%rdi)\n"
    "pop %rax; mov %rax, 56(%rdi)\n"
    "pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx; ret\n"
    "native_end:\n"
    ".popsection\n");
extern const u8 native_pre[], native_post[], native_end[];

static u8 *jit;
static sigjmp_buf native_jmp;
static volatile int native_sig;

static void on_native_signal(int sig) {
  native_sig = sig;
  siglongjmp(native_jmp, 1);
}

/* Run row r natively on s; returns the signal it raised (SIGFPE = #DE) or 0. */
static int run_native(const struct row *r, struct state *s) {
  size_t pre = native_post - native_pre, n = r->end - r->start, post = native_end - native_post;
  memcpy(jit, native_pre, pre);
  memcpy(jit + pre, r->start, n);
  memcpy(jit + pre + n, native_post, post);
  __builtin___clear_cache((char *)jit, (char *)jit + pre + n + post);
  struct sigaction sa = {.sa_handler = on_native_signal}, old_fpe, old_segv;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGFPE, &sa, &old_fpe);
  sigaction(SIGSEGV, &sa, &old_segv);
  native_sig = 0;
  if (!sigsetjmp(native_jmp, 1)) ((void (*)(struct state *))jit)(s);
  sigaction(SIGFPE, &old_fpe, NULL);
  sigaction(SIGSEGV, &old_segv, NULL);
  return native_sig;
}

/* ---- Emulated execution ---- */

#define GBUF  0x10000ull /* guest address of the data page */
#define BUFSZ 512
#define BOFF  256 /* rbp = buffer + BOFF (16-byte aligned) */

static struct mm *mm;
static struct cpu tmpl; /* a CPU over mm, copied for each run */

/* Run row r under emu on s; returns the STOP_* it raised + 1, or 0.  *lazy
 * receives the CPU as the last instruction left it (for cpu_cond). */
static int run_emu(const struct row *r, struct state *s, struct cpu *c) {
  *c = tmpl;
  memcpy(c->r, s->r, sizeof c->r);
  c->flags = s->flags;
  c->cc_op = CC_EAGER;
  sigjmp_buf jb;
  c->jmp = &jb;
  int stop = sigsetjmp(jb, 0);
  if (stop) return stop;
  const u8 *p = r->start;
  while (p < r->end) {
    struct insn d;
    int len = dec_decode_buf(p, r->end - p, 64, &d);
    cr_assert(len > 0 && d.fn, "%s: not decoded", r->text);
    c->ip = 0x400000 + (p - r->start);
    c->rip = c->ip + len;
    d.fn(c, &d);
    p += len;
  }
  return 0;
}

/* ---- Random states ---- */

static u64 rng = 0x9e3779b97f4a7c15ull;
static u64 rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static u64 edgy(void) {
  static const u64 edges[] = {0,
                              1,
                              2,
                              ~0ull,
                              0x7f,
                              0x80,
                              0xff,
                              0x100,
                              0x7fff,
                              0x8000,
                              0xffff,
                              0x7fffffff,
                              0x80000000,
                              0xffffffff,
                              0x7fffffffffffffff,
                              0x8000000000000000,
                              0xfffffffe,
                              0x10,
                              0xf,
                              0x99,
                              0x9};
  switch (rnd() % 6) {
  case 0: return edges[rnd() % ARRAY_SIZE(edges)];
  case 1: return edges[rnd() % ARRAY_SIZE(edges)] | (rnd() << 32);
  case 2: return (u64)(i64)(i8)rnd();
  case 3: return rnd() & 0xff;
  default: return rnd();
  }
}

static u64 undefined_flags(const struct row *r, const struct state *s) {
  unsigned cnt = r->cnt == (u64)-1 ? (unsigned)(s->r[R_CX] & 0xff) : (unsigned)r->cnt;
  cnt &= r->bits == 64 ? 63 : 31;
  switch (r->cls) {
  case C_LOGIC: return F_AF;
  case C_SHIFT:
    if (!cnt) return 0;
    return F_AF | (cnt != 1 ? F_OF : 0) | (cnt >= r->bits ? F_CF : 0);
  case C_ROT: return cnt != 1 ? F_OF : 0;
  case C_MUL: return F_SF | F_ZF | F_AF | F_PF;
  case C_DIV: return F_ARITH;
  case C_BT: return F_OF | F_SF | F_AF | F_PF;
  case C_BSF: return F_CF | F_OF | F_SF | F_AF | F_PF;
  case C_TZ: return F_OF | F_SF | F_AF | F_PF;
  case C_SHXD: return cnt ? F_AF | (cnt != 1 ? F_OF : 0) : 0;
  default: return 0;
  }
}

/* Condition cc from full flags (the SDM's Jcc table), and the flags it reads. */
static bool cond_ref(u64 f, int cc) {
  bool cf = f & F_CF, zf = f & F_ZF, sf = f & F_SF, of = f & F_OF, pf = f & F_PF, r;
  switch (cc >> 1) {
  case 0: r = of; break;
  case 1: r = cf; break;
  case 2: r = zf; break;
  case 3: r = cf || zf; break;
  case 4: r = sf; break;
  case 5: r = pf; break;
  case 6: r = sf != of; break;
  default: r = zf || sf != of; break;
  }
  return r != (cc & 1);
}
static const u64 cond_reads[8] = {F_OF, F_CF, F_ZF,        F_CF | F_ZF,
                                  F_SF, F_PF, F_SF | F_OF, F_ZF | F_SF | F_OF};

static int check_row(const struct row *r, int iters) {
  static u8 hbuf[BUFSZ] __attribute__((aligned(16)));
  u8 *gbuf = mm->base + GBUF;
  int fails = 0;
  for (int it = 0; it < iters && fails < 5; it++) {
    struct state in, nat, emu_s;
    for (int i = 0; i < 16; i++) in.r[i] = edgy();
    in.r[R_SP] = 0;
    in.r[R_BP] = 0;
    in.flags = 0x202 | (rnd() & F_ARITH);
    in.r[R_SI] = (i64)(i16)rnd() >> 5; /* bounded BT bit offsets: +-1023 bits */
    if (r->maxcl != 255)
      in.r[R_CX] = rnd() % (r->maxcl + 1);
    else if (rnd() % 2)
      in.r[R_CX] = rnd() % 70;
    for (int i = 0; i < BUFSZ; i++) hbuf[i] = rnd() % 4 ? (u8)rnd() : (u8)edgy();
    if (r->cls == C_DIV && rnd() % 2) in.r[R_DX] = rnd() % 2 ? 0 : (u64)((i64)in.r[R_AX] >> 63);
    if (r->cls == C_CMPXCHG && rnd() % 2) {
      in.r[R_DX] = in.r[R_AX];
      memcpy(hbuf + BOFF, &in.r[R_AX], 8);
    }
    if ((r->cls == C_CMPXCHG8 || r->cls == C_CMPXCHG16) && rnd() % 2) {
      if (r->cls == C_CMPXCHG8) {
        u32 lo = in.r[R_AX], hi = in.r[R_DX];
        memcpy(hbuf + BOFF, &lo, 4);
        memcpy(hbuf + BOFF + 4, &hi, 4);
      } else {
        memcpy(hbuf + BOFF, &in.r[R_AX], 8);
        memcpy(hbuf + BOFF + 8, &in.r[R_DX], 8);
      }
    }
    memcpy(gbuf, hbuf, BUFSZ);

    bool usemem = strstr(r->text, "(%rbp)") != NULL;
    u64 hbase = usemem ? (u64)(hbuf + BOFF) : 0, gbase = usemem ? GBUF + BOFF : 0;
    nat = in;
    nat.r[R_BP] += hbase;
    int nsig = run_native(r, &nat);
    nat.r[R_BP] -= hbase;

    emu_s = in;
    emu_s.r[R_BP] += gbase;
    struct cpu c;
    int stop = run_emu(r, &emu_s, &c);
    u64 undef = undefined_flags(r, &in);
    bool ok = true;
    char why[256] = "";
    if (nsig || stop) {
      int want = nsig == SIGFPE ? STOP_DE + 1 : -1;
      if (stop != want) {
        ok = false;
        snprintf(why, sizeof why, "native signal %d, emu stop %d", nsig, stop - 1);
      }
    } else {
      memcpy(emu_s.r, c.r, sizeof c.r);
      emu_s.r[R_BP] -= gbase;
      for (int cc = 0; cc < 16 && ok; cc++) {
        if (cond_reads[cc >> 1] & undef) continue;
        struct cpu lazy = c;
        if (cpu_cond(&lazy, cc) != cond_ref(nat.flags, cc)) {
          ok = false;
          snprintf(why, sizeof why, "cpu_cond(%d) from cc_op %u", cc, c.cc_op);
        }
      }
      u64 ef = cpu_get_flags(&c);
      for (int i = 0; i < 16 && ok; i++) {
        if (emu_s.r[i] != nat.r[i]) {
          ok = false;
          snprintf(why, sizeof why, "r%d native %#lx emu %#lx", i, nat.r[i], emu_s.r[i]);
        }
      }
      if (ok && ((ef ^ nat.flags) & F_ARITH & ~undef)) {
        ok = false;
        snprintf(why, sizeof why, "flags native %#lx emu %#lx (undefined %#lx)",
                 nat.flags & F_ARITH, ef & F_ARITH, undef);
      }
      if (ok && memcmp(gbuf, hbuf, BUFSZ)) {
        ok = false;
        snprintf(why, sizeof why, "memory differs");
      }
    }
    if (!ok) {
      fails++;
      cr_log_error("%s: %s; in: rax=%#lx rcx=%#lx rdx=%#lx rsi=%#lx rdi=%#lx flags=%#lx", r->text,
                   why, in.r[R_AX], in.r[R_CX], in.r[R_DX], in.r[R_SI], in.r[R_DI], in.flags);
    }
  }
  return fails;
}

static void setup(void) {
  jit = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  cr_assert(jit != MAP_FAILED);
  mm = mm_new(64);
  cr_assert(mm);
  cr_assert_eq(mm_map(mm, GBUF, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0, ""),
               (long)GBUF);
  cpu_init(&tmpl, 64, mm);
}

static void run_group(u64 g) {
  int fails = 0, rows = 0;
  for (const struct row *r = __start_alurows; r < __stop_alurows; r++) {
    if (r->group != g) continue;
    rows++;
    fails += check_row(r, 3000) != 0;
  }
  cr_assert(rows > 0);
  cr_assert_eq(fails, 0, "%d of %d rows differ from the host CPU", fails, rows);
}

Test(alu, arith_vs_host, .init = setup) { run_group(G_ARITH); }
Test(alu, muldiv_vs_host, .init = setup) { run_group(G_MULDIV); }
Test(alu, shift_vs_host, .init = setup) { run_group(G_SHIFT); }
Test(alu, bits_vs_host, .init = setup) { run_group(G_BITS); }
Test(alu, conditions_and_carries_vs_host, .init = setup) { run_group(G_SEQ); }

/* Run one decoded instruction; the STOP_* it raised + 1, or 0. */
static int run_insn(struct cpu *c, const struct insn *d) {
  sigjmp_buf jb;
  c->jmp = &jb;
  int stop = sigsetjmp(jb, 0);
  if (!stop) d->fn(c, d);
  return stop;
}

/* LOCK where the SDM forbids it (register destination, CMP, BT) is #UD. */
Test(alu, lock_ud, .init = setup) {
  static const struct {
    u8 b[8];
    int n;
  } cases[] = {
      {{0xf0, 0x01, 0xc8}, 3},             /* lock add %ecx, %eax */
      {{0xf0, 0x39, 0x0b}, 3},             /* lock cmp %ecx, (%rbx) */
      {{0xf0, 0x0f, 0xa3, 0x0b}, 4},       /* lock bt %ecx, (%rbx) */
      {{0xf0, 0x85, 0x0b}, 3},             /* lock test %ecx, (%rbx) */
      {{0xf0, 0x0f, 0xc7, 0xc8}, 4},       /* cmpxchg8b with a register operand */
      {{0x0f, 0xb8, 0xc1}, 3},             /* 0F B8 without F3 */
      {{0xf3, 0x0f, 0x38, 0xf0, 0x0b}, 5}, /* F3 0F 38 F0: undefined */
      {{0x0f, 0x38, 0xf0, 0xc1}, 4},       /* movbe with a register operand */
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    struct insn d;
    struct cpu c;
    int len = dec_decode_buf(cases[i].b, cases[i].n, 64, &d);
    if (len <= 0 || !d.fn) continue; /* the decoder itself says #UD */
    c = tmpl;
    c.r[R_BX] = GBUF;
    int stop = run_insn(&c, &d);
    cr_expect_eq(stop, STOP_UD + 1, "case %zu: stop %d", i, stop - 1);
  }
}

/* CMPXCHG16B needs a 16-byte aligned operand (#GP otherwise). */
Test(alu, cmpxchg16b_alignment, .init = setup) {
  const u8 b[] = {0xf0, 0x48, 0x0f, 0xc7, 0x0b}; /* lock cmpxchg16b (%rbx) */
  struct insn d;
  struct cpu c;
  cr_assert(dec_decode_buf(b, sizeof b, 64, &d) > 0 && d.fn);
  c = tmpl;
  c.r[R_BX] = GBUF + 8;
  int stop = run_insn(&c, &d);
  cr_assert_eq(stop, STOP_GP + 1);
}

/* LOCK makes read-modify-write atomic between guest threads: four host
 * threads, each with its own CPU over one address space, hammer one counter
 * (and one bit string) at an odd address; no update may be lost. */
struct hammer {
  const u8 *code;
  int len, iters;
};

static void *hammer_thread(void *arg) {
  const struct hammer *h = arg;
  struct cpu c = tmpl;
  struct insn d;
  if (dec_decode_buf(h->code, h->len, 64, &d) <= 0 || !d.fn) return (void *)1;
  for (int i = 0; i < h->iters; i++) {
    c.r[R_BP] = GBUF + 0x41;
    c.r[R_CX] = 3;
    if (run_insn(&c, &d)) return (void *)1;
  }
  return NULL;
}

static void hammer(const u8 *code, int len, int iters) {
  pthread_t t[4];
  struct hammer h = {code, len, iters};
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, hammer_thread, &h);
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(t[i], &r);
    cr_assert_null(r);
  }
}

Test(alu, lock_is_atomic, .init = setup) {
  u8 *g = mm->base + GBUF + 0x41;
  static const u8 lock_add[] = {0xf0, 0x48, 0x01, 0x4d, 0x00};  /* lock add %rcx, 0(%rbp) */
  static const u8 lock_xadd[] = {0xf0, 0x0f, 0xc1, 0x4d, 0x00}; /* lock xadd %ecx, 0(%rbp) */
  static const u8 lock_inc[] = {0xf0, 0x66, 0xff, 0x45, 0x00};  /* lock incw 0(%rbp) */
  u64 v;
  memset(g, 0, 8);
  hammer(lock_add, sizeof lock_add, 100000);
  memcpy(&v, g, 8);
  cr_assert_eq(v, 4 * 100000 * 3ull);
  memset(g, 0, 8);
  hammer(lock_xadd, sizeof lock_xadd, 100000);
  memcpy(&v, g, 8);
  cr_assert_eq(v, 4 * 100000 * 3ull);
  memset(g, 0, 8);
  hammer(lock_inc, sizeof lock_inc, 10000);
  memcpy(&v, g, 8);
  cr_assert_eq(v, 40000);
}

/* 32-bit mode: 40+r INC / 48+r DEC (REX bytes in 64-bit mode) and the
 * one-byte forms, with values from the SDM's definitions (INC keeps CF). */
Test(alu, inc_dec_32bit_mode, .init = setup) {
  struct cpu c = tmpl;
  struct insn d;
  c.mode = 32;
  const u8 inc_eax[] = {0x40}, dec_edi[] = {0x4f}, inc_cx[] = {0x66, 0x41};
  cr_assert(dec_decode_buf(inc_eax, 1, 32, &d) == 1 && d.fn);
  c.r[R_AX] = 0x7fffffff;
  cpu_set_flags(&c, F_CF, F_ARITH);
  cr_assert_eq(run_insn(&c, &d), 0);
  cr_assert_eq(c.r[R_AX], 0x80000000);
  cr_assert_eq(cpu_get_flags(&c) & F_ARITH, F_CF | F_OF | F_SF | F_AF | F_PF);
  cr_assert(dec_decode_buf(dec_edi, 1, 32, &d) == 1 && d.fn);
  c.r[R_DI] = 1;
  cr_assert_eq(run_insn(&c, &d), 0);
  cr_assert_eq(c.r[R_DI], 0);
  cr_assert_eq(cpu_get_flags(&c) & F_ARITH, F_CF | F_ZF | F_PF);
  cr_assert(dec_decode_buf(inc_cx, 2, 32, &d) == 2 && d.fn);
  c.r[R_CX] = 0x1234ffff;
  cr_assert_eq(run_insn(&c, &d), 0);
  cr_assert_eq(c.r[R_CX], 0x12340000);
  cr_assert_eq(cpu_get_flags(&c) & F_ARITH, F_CF | F_ZF | F_PF | F_AF);
}
