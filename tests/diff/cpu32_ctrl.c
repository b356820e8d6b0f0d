/* cpu32_ctrl.c — i386-mode stack, control-transfer, segment and addressing
 * instructions natively and under emu: PUSHA/POPA (16/32), PUSHF/POPF (16/32),
 * 16-bit pushes and pops, ENTER/LEAVE (16/32, nesting levels), CALL/RET near
 * (and RET imm16), far CALL/JMP/RET to the flat code selector 0x23 (any RPL,
 * direct and through memory), segment register moves/pushes/pops, LES LDS LFS
 * LGS LSS, BOUND in range, INTO with OF clear, LEA with every 16-bit ModRM
 * form (67 prefix), loads/stores and string instructions with 16-bit
 * addressing through a segment whose base is the test area (a TLS descriptor
 * from set_thread_area, loaded into FS and ES), string instructions with
 * 32-bit addressing in both directions, XLAT, SSE/SSE2 on xmm0-7, and the
 * 32- and 16-bit FNSTENV/FNSAVE layouts.
 * diff-only: gcc32
 * diff-cflags: -O1
 */
// diff-vm-mask: ^x87(env|save|fxsave) .* -- QEMU's software FPU does not keep the last instruction and operand pointers (FIP/FDP) as hardware does
// diff-x87ptr-mask: ^x87(env|save|fxsave)[0-9]* .* -- the images hold FOP, FDP and FXSAVE's pointers, which Intel's processors keep otherwise than AMD's and emu
#include <asm/ldt.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cpu32_harness.h"

uint8_t F[512] __attribute__((used, aligned(16))); /* FNSAVE area */
uint16_t TLSSEL __attribute__((used));             /* selector of the segment based at M */

/* --- PUSHA/POPA --- */
/* The ESP slot is stored relative to ESP after the push (so it is the same
 * natively and under emu). */
DEF(pushal,
    "pushal; subl %%esp, 12(%%esp); popl M+0; popl M+4; popl M+8; popl M+12; "
    "popl M+16; popl M+20; popl M+24; popl M+28")
/* The SP slot minus SP after the push: 16-bit arithmetic, so whether it
 * borrows depends on where the stack is; the flags it sets are saved and
 * restored around it. */
DEF(pushaw,
    "pushaw; pushfl; subw %%sp, 10(%%esp); popfl; popw M+0; popw M+2; popw M+4; popw M+6; popw M+8; "
    "popw M+10; popw M+12; popw M+14")
DEF(popal,
    "pushl M+28; pushl M+24; pushl M+20; pushl M+16; pushl M+12; pushl M+8; "
    "pushl M+4; pushl M+0; popal")
DEF(popaw,
    "pushw M+14; pushw M+12; pushw M+10; pushw M+8; pushw M+6; pushw M+4; "
    "pushw M+2; pushw M+0; popaw")

/* --- PUSHF/POPF --- (TF and AC stay clear: a trap or alignment checks would
 * hit the harness) */
DEF(pushfl, "pushfl; popl %%eax")
DEF(pushfw, "pushfw; popw %%ax")
DEF(popfl, "andl $0xfffbfeff, %%ebx; pushl %%ebx; popfl")
DEF(popfw, "andw $0xfeff, %%bx; pushw %%bx; popfw; pushfl; popl %%ecx")

/* --- 16-bit pushes and pops, PUSH imm --- */
DEF(push16,
    "pushw %%bx; pushw $0x1234; pushw $-5; pushl $-7; pushl $0x12345678; popl %%eax; "
    "popl %%ecx; popw %%dx; popw %%si; popw %%di")
DEF(push16m, "pushw M+2; pushl M+4; popw M+8; popl M+12")
DEF(pushsp, "pushl %%esp; popl %%eax; subl %%esp, %%eax; pushw %%sp; popw %%cx; subw %%sp, %%cx")
DEF(popsp, "movl %%esp, %%ebx; pushl $0; movl %%esp, (%%esp); popl %%esp; subl %%esp, %%ebx")
DEF(pop_m_esp,
    "pushl %%eax; popl -4(%%esp); movl -4(%%esp), %%ecx; pushl %%ebx; pushl %%ebx; "
    "popl (%%esp); popl %%edx")

/* --- ENTER/LEAVE --- */
DEF(enter0,
    "movl %%esp, %%esi; enter $12, $0; movl %%esi, %%ecx; subl %%esp, %%ecx; "
    "subl %%ebp, %%esi; leave; movl %%esp, %%ebx; subl %%esp, %%ebx")
DEF(enter3,
    "movl %%esp, %%esi; leal -64(%%esp), %%ebp; movl $0x11111111, -4(%%ebp); "
    "movl $0x22222222, -8(%%ebp); leal -128(%%esp), %%esp; enter $8, $3; "
    "movl -4(%%ebp), %%eax; movl -8(%%ebp), %%ecx; movl -12(%%ebp), %%edx; "
    "subl %%ebp, %%edx; movl %%esi, %%edi; subl %%ebp, %%edi; subl %%esp, %%esi; "
    "leave; movl %%ebp, %%ebx; subl %%esp, %%ebx; xorl %%ebp, %%ebp")
DEF(enterw,
    "movl %%esp, %%esi; movl $0xabcd1234, %%ebp; enterw $6, $0; movl %%ebp, %%ecx; "
    "shrl $16, %%ecx; movl %%esi, %%edx; subl %%esp, %%edx; movw -2(%%esi), %%ax; "
    "movl %%esi, %%esp; xorl %%ebp, %%ebp; xorl %%esi, %%esi")
DEF(leavew,
    "movl %%esp, %%esi; subl $16, %%esp; movl %%esp, %%ebp; movw $0x5678, (%%ebp); "
    "leavew; movl %%esp, %%ecx; subl %%esi, %%ecx; movl %%ebp, %%edx; "
    "andl $0xffff, %%edx; movl %%esi, %%esp; xorl %%ebp, %%ebp; xorl %%esi, %%esi")

/* --- CALL/RET near, far transfers to 0x23 --- */
DEF(callret, "call 1f; jmp 2f; 1: movl (%%esp), %%eax; subl $2f, %%eax; ret; 2: ")
DEF(retimm, "pushl $0; pushl $0; call 1f; jmp 2f; 1: ret $8; 2:")
DEF(callind,
    "movl $1f, M+4; call *M+4; jmp 2f; 1: movl $3f, %%ebx; call *%%ebx; ret; 3: "
    "movl %%esp, %%ecx; ret; 2: subl %%esp, %%ecx")
DEF(lcall,
    "lcall $0x23, $1f; jmp 2f; 1: movl (%%esp), %%eax; subl $2f, %%eax; "
    "movzwl 4(%%esp), %%ecx; movw %%cs, %%dx; lret; 2:")
DEF(lcall_rpl0, "lcall $0x20, $1f; jmp 2f; 1: movzwl 4(%%esp), %%ecx; movw %%cs, %%dx; lret; 2:")
DEF(lcall_m,
    "movl $1f, M+8; movw $0x23, M+12; lcall *M+8; jmp 2f; 1: movzwl 4(%%esp), %%ecx; "
    "lret $0; 2:")
DEF(ljmp, "ljmp $0x23, $1f; movl $1, %%eax; 1: movw %%cs, %%bx")
DEF(ljmp_m, "movl $1f, M+8; movw $0x21, M+12; ljmp *M+8; movl $1, %%eax; 1: movw %%cs, %%bx")
DEF(lret_imm, "pushl $7; pushl $7; pushl %%cs; pushl $1f; lret $8; 1:")
DEF(lret_cs, "pushl $0x23; pushl $1f; lret; 1: movw %%cs, %%cx")
DEF(iret32, "pushfl; pushl %%cs; pushl $1f; iret; 1:")
DEF(iret32_fl, "andl $0x8d5, %%ebx; pushl %%ebx; pushl %%cs; pushl $1f; iret; 1: ")

/* --- segment registers --- */
DEF(movseg,
    "movl %%ds, %%eax; movw %%es, %%bx; movl %%ss, %%ecx; movw %%cs, %%dx; "
    "movl %%gs, %%esi; movw %%ds, M+2; movw %%ss, %%di; movw %%di, %%es; movw M+2, %%ds")
DEF(movseg16,
    "movl $0xffffffff, %%eax; movw %%ds, %%ax; movl $0xffffffff, %%ebx; "
    "data16 movl %%ds, %%ebx")
/* A 32-bit push of a segment register writes 16 bits (Intel) or the
 * zero-extended selector (AMD): the upper half of the slot is implementation
 * specific and left out (the slot is zeroed first). */
DEF(pushseg,
    "movl $0, -4(%%esp); pushl %%ds; popl %%eax; movl $0, -4(%%esp); pushl %%gs; "
    "movl (%%esp), %%ebx; popl %%gs; pushw %%es; popw %%cx; pushl %%ss; popl %%ss; "
    "movl $0, -4(%%esp); pushl %%cs; popl %%edx; pushw %%ds; popw %%es; pushl %%fs; "
    "popl %%fs")
DEF(lxs,
    "pushl %%gs; movl $0x89abcdef, M+24; movw $0x2b, M+28; lesl M+24, %%eax; ldsl M+24, %%ebx; "
    "lfsl M+24, %%ecx; movw TLSSEL, %%dx; movw %%dx, M+28; lgsl M+24, %%esi; movw %%gs, %%di; "
    "movl %%gs:4, %%ebp; movw %%ds, %%dx; movw %%dx, M+28; lgsl M+24, %%edx; popl %%gs; "
    "movl %%ecx, M+24; movw $0x2b, M+28; lssl M+24, %%ecx; movw %%es, M+40; movw %%fs, M+42")
DEF(lxsw,
    "pushl %%gs; movl $0x2b1234, M+24; lesw M+24, %%ax; ldsw M+24, %%bx; lfsw M+24, %%cx; "
    "lgsw M+24, %%dx; popl %%gs; lssw M+24, %%si; movl %%es, %%edi")
DEF(fsload,
    "movw TLSSEL, %%ax; movw %%ax, %%fs; movl %%fs:8, %%eax; movl %%ebx, %%fs:12; "
    "andl $31, %%esi; movl %%fs:(%%esi), %%ecx; addl %%fs:16, %%edx")

/* --- BOUND in range, INTO with OF clear, SALC --- */
DEF(bound,
    "movl $-5, M+40; movl $100, M+44; andl $63, %%eax; bound %%eax, M+40; "
    "movw $-5, M+48; movw $63, M+50; andw $63, %%bx; boundw %%bx, M+48")
DEF(into, "testl %%eax, %%eax; into; addl %%ebx, %%ecx; jo 1f; into; 1:")

/* --- 16-bit addressing: LEA in every form, memory through FS (base = M) --- */
#define LEA16(n, m) DEF(lea16_##n, "leaw " m ", %%ax; addr16 leal " m ", %%ecx")
LEA16(bxsi, "(%%bx,%%si)")
LEA16(bxdi, "(%%bx,%%di)")
LEA16(bpsi, "(%%bp,%%si)")
LEA16(bpdi, "(%%bp,%%di)")
LEA16(si, "(%%si)")
LEA16(di, "(%%di)")
LEA16(d16, "0x1234")
LEA16(bx, "(%%bx)")
LEA16(bxsi8, "-3(%%bx,%%si)")
LEA16(bxdi8, "0x7f(%%bx,%%di)")
LEA16(bpsi8, "-128(%%bp,%%si)")
LEA16(bpdi8, "5(%%bp,%%di)")
LEA16(si8, "-1(%%si)")
LEA16(di8, "9(%%di)")
LEA16(bp8, "-2(%%bp)")
LEA16(bx8, "100(%%bx)")
LEA16(bxsi16, "0x8000(%%bx,%%si)")
LEA16(bxdi16, "0x1234(%%bx,%%di)")
LEA16(bpsi16, "-0x1234(%%bp,%%si)")
LEA16(bpdi16, "0xfff0(%%bp,%%di)")
LEA16(si16, "0x4321(%%si)")
LEA16(di16, "0x7fff(%%di)")
LEA16(bp16, "0x300(%%bp)")
LEA16(bx16, "0xffff(%%bx)")
/* Memory through FS: the 16-bit offsets below stay inside M (64 bytes). */
DEF(mem16,
    "andl $7, %%ebx; andl $7, %%esi; andl $7, %%edi; movl $5, %%ebp; "
    "addr16 movl %%fs:(%%bx,%%si), %%eax; addr16 movw %%fs:4(%%bx,%%di), %%cx; "
    "addr16 movb %%fs:(%%bp,%%si), %%dl; addr16 movl %%fs:-1(%%bp,%%di), %%edx; "
    "addr16 addl %%eax, %%fs:(%%si); addr16 movw %%cx, %%fs:0x10(%%di); "
    "addr16 incl %%fs:(%%bx); addr16 movl %%fs:0x20, %%eax; addr16 notb %%fs:3(%%bp)")
/* SS-relative default with BP (SS is flat): (%bp) without FS reaches address
 * BP in the flat segment, which is not mapped; so only FS forms above. */

/* --- string instructions --- */
DEF(movs32, "leal M+1, %%esi; leal M+32, %%edi; movl $13, %%ecx; rep movsb; movsw; movsl")
DEF(movs32d, "std; leal M+20, %%esi; leal M+60, %%edi; movl $5, %%ecx; rep movsl; movsb; cld")
DEF(stos32, "leal M+3, %%edi; movl $7, %%ecx; rep stosw; stosb; std; stosl; cld")
DEF(lods32, "leal M+5, %%esi; lodsb; lodsw; lodsl; std; lodsw; cld")
DEF(scas32, "leal M, %%edi; movl $64, %%ecx; repne scasb; movl %%ecx, %%edx; pushfl; popl %%ebx")
DEF(cmps32,
    "movl M, %%eax; movl %%eax, M+32; leal M, %%esi; leal M+32, %%edi; movl $16, %%ecx; "
    "repe cmpsb; movl %%ecx, %%edx")
DEF(cmps32w, "leal M+8, %%esi; leal M+8, %%edi; movl $4, %%ecx; repe cmpsl; movl %%ecx, %%edx")
/* 16-bit addressing: DS:SI via an FS override, ES:DI with ES = the TLS segment;
 * the upper halves of ESI/EDI/ECX must survive. */
DEF(movs16,
    "movw TLSSEL, %%ax; movw %%ax, %%es; movl $0xabcd0002, %%esi; "
    "movl $0x12340020, %%edi; movl $0x77770009, %%ecx; addr16 rep movsb %%fs:(%%si), "
    "%%es:(%%di); addr16 movsw %%fs:(%%si), %%es:(%%di); pushl %%ds; popl %%es")
DEF(stos16,
    "movw TLSSEL, %%dx; movw %%dx, %%es; movl $0xabcd0031, %%edi; movl $0x99990006, "
    "%%ecx; addr16 rep stosw %%ax, %%es:(%%di); pushl %%ds; popl %%es")
DEF(lods16,
    "movl $0x55550007, %%esi; addr16 lodsl %%fs:(%%si), %%eax; std; addr16 lodsw "
    "%%fs:(%%si), %%ax; cld")
DEF(scas16,
    "movw TLSSEL, %%dx; movw %%dx, %%es; movl $0xffff0000, %%edi; movl $0x40, %%ecx; "
    "addr16 repne scasb %%es:(%%di), %%al; pushl %%ds; popl %%es")
DEF(cmps16,
    "movw TLSSEL, %%dx; movw %%dx, %%es; movl $0x10000, %%esi; movl $0x10000, %%edi; "
    "movl $8, %%ecx; addr16 repe cmpsw %%es:(%%di), %%fs:(%%si); pushl %%ds; popl %%es")
DEF(stos16wrap,
    "movw TLSSEL, %%dx; movw %%dx, %%es; std; movl $0x2, %%edi; movl $0x3, %%ecx; "
    "addr16 rep stosb %%al, %%es:(%%di); cld; pushl %%ds; popl %%es")
DEF(xlat,
    "leal M, %%ebx; andl $0xffffff3f, %%eax; xlat; movl %%eax, %%edx; movl $0x10000, %%ebx; "
    "andl $0x1f, %%edx; movl %%edx, %%eax; addr16 xlat %%fs:(%%bx)")

/* --- SSE/SSE2 on xmm0-7, x87 environment layouts --- */
DEF(sse,
    "movups M, %%xmm7; movups M+16, %%xmm0; paddd %%xmm7, %%xmm0; pmullw %%xmm0, %%xmm7; "
    "movups %%xmm0, M+32; movups %%xmm7, M+48; cvtsi2sd %%eax, %%xmm1; cvtsi2ss %%ebx, "
    "%%xmm2; addsd %%xmm1, %%xmm1; cvttsd2si %%xmm1, %%ecx; cvtss2si %%xmm2, %%edx; "
    "pmovmskb %%xmm7, %%esi; movd %%xmm0, %%edi; movq %%xmm0, M+8; pshufd $0x1b, %%xmm0, "
    "%%xmm3; movd %%xmm3, %%ebp; xorps %%xmm0, %%xmm0; ucomisd %%xmm1, %%xmm0")
DEF(x87env,
    "fninit; fldl M; fld1; fldpi; faddp; fnstenv F; fldenv F; fnstenv F+32; fnclex; "
    "fninit")
DEF(x87env16, "fninit; fld1; fldz; fdivr %%st(1), %%st; data16 fnstenv F; fnclex; fninit")
DEF(x87save, "fninit; fildl M; fld1; fldl2t; fnsave F; frstor F; fnsave F; fninit")
DEF(x87save16, "fninit; fildl M+4; fldlg2; data16 fnsave F; fninit")
/* XMM registers other than the one loaded are zeroed (they hold whatever the
 * C library left); MXCSR_MASK differs between vendors and is cleared. */
DEF(x87fxsave,
    "fninit; fildl M+4; fldlg2; pxor %%xmm0, %%xmm0; pxor %%xmm1, %%xmm1; "
    "pxor %%xmm2, %%xmm2; pxor %%xmm3, %%xmm3; pxor %%xmm4, %%xmm4; "
    "pxor %%xmm6, %%xmm6; pxor %%xmm7, %%xmm7; movups M, %%xmm5; fxsave F; "
    "movl $0, F+28; fninit")

/* Inputs for the FNSAVE/FXSAVE tests: F is hashed after M. */
static void rf(const char *name, void (*fn)(void)) {
  struct acc a = {2166136261u, 0};
  if (only && strcmp(only, name)) return;
  for (unsigned i = 0; i < NVALS; i += 3) {
    S = (struct st){VALS[i], VALS[(i + 5) % NVALS], 0, 0, 0, 0, 0, 0x202, 0};
    fill_mem(VALS[i]);
    memset(F, 0x5a, sizeof F);
    struct st in = S;
    fn();
    record(&a, name, &in, ARITH);
    a.h = fnv(a.h, F, sizeof F);
    if (verbose)
      for (unsigned k = 0; k < sizeof F; k += 32) {
        printf("  F+%03x:", k);
        for (unsigned j = 0; j < 32; j++) printf(" %02x", F[k + j]);
        printf("\n");
      }
  }
  report(name, &a);
}

static void tls_setup(void) {
  struct user_desc u = {.entry_number = -1,
                        .base_addr = (uintptr_t)M,
                        .limit = 0xfffff,
                        .seg_32bit = 1,
                        .limit_in_pages = 1,
                        .useable = 1};
  if (syscall(SYS_set_thread_area, &u) != 0) {
    printf("set_thread_area failed\n");
    return;
  }
  TLSSEL = (uint16_t)(u.entry_number * 8 + 3);
  printf("TLS entry %u\n", u.entry_number);
  __asm__ volatile("movw %0, %%fs" ::"r"(TLSSEL));
}

int main(int argc, char **argv) {
  harness_args(argc, argv);
  tls_setup();
  run2("pushal", pushal, NULL, NULL);
  run2("pushaw", pushaw, NULL, NULL);
  run2("popal", popal, NULL, NULL);
  run2("popaw", popaw, NULL, NULL);
  run2("pushfl", pushfl, NULL, NULL);
  run2("pushfw", pushfw, NULL, NULL);
  run2("popfl", popfl, NULL, NULL);
  run2("popfw", popfw, NULL, NULL);
  run2("push16", push16, NULL, NULL);
  run2("push16m", push16m, NULL, NULL);
  run2("pushsp", pushsp, NULL, NULL);
  run2("popsp", popsp, NULL, NULL);
  run2("pop_m_esp", pop_m_esp, NULL, NULL);
  run2("enter0", enter0, NULL, NULL);
  run2("enter3", enter3, NULL, NULL);
  run2("enterw", enterw, NULL, NULL);
  run2("leavew", leavew, NULL, NULL);
  run2("callret", callret, NULL, NULL);
  run2("retimm", retimm, NULL, NULL);
  run2("callind", callind, NULL, NULL);
  run2("lcall", lcall, NULL, NULL);
  run2("lcall_rpl0", lcall_rpl0, NULL, NULL);
  run2("lcall_m", lcall_m, NULL, NULL);
  run2("ljmp", ljmp, NULL, NULL);
  run2("ljmp_m", ljmp_m, NULL, NULL);
  run2("lret_imm", lret_imm, NULL, NULL);
  run2("lret_cs", lret_cs, NULL, NULL);
  run2("iret32", iret32, NULL, NULL);
  run2("iret32_fl", iret32_fl, NULL, NULL);
  run2("movseg", movseg, NULL, NULL);
  run2("movseg16", movseg16, NULL, NULL);
  run2("pushseg", pushseg, NULL, NULL);
  run2("lxs", lxs, NULL, NULL);
  run2("lxsw", lxsw, NULL, NULL);
  run2("fsload", fsload, NULL, NULL);
  run2("bound", bound, NULL, NULL);
  run2("into", into, NULL, NULL);
  run2("lea16_bxsi", lea16_bxsi, NULL, NULL);
  run2("lea16_bxdi", lea16_bxdi, NULL, NULL);
  run2("lea16_bpsi", lea16_bpsi, NULL, NULL);
  run2("lea16_bpdi", lea16_bpdi, NULL, NULL);
  run2("lea16_si", lea16_si, NULL, NULL);
  run2("lea16_di", lea16_di, NULL, NULL);
  run2("lea16_d16", lea16_d16, NULL, NULL);
  run2("lea16_bx", lea16_bx, NULL, NULL);
  run2("lea16_bxsi8", lea16_bxsi8, NULL, NULL);
  run2("lea16_bxdi8", lea16_bxdi8, NULL, NULL);
  run2("lea16_bpsi8", lea16_bpsi8, NULL, NULL);
  run2("lea16_bpdi8", lea16_bpdi8, NULL, NULL);
  run2("lea16_si8", lea16_si8, NULL, NULL);
  run2("lea16_di8", lea16_di8, NULL, NULL);
  run2("lea16_bp8", lea16_bp8, NULL, NULL);
  run2("lea16_bx8", lea16_bx8, NULL, NULL);
  run2("lea16_bxsi16", lea16_bxsi16, NULL, NULL);
  run2("lea16_bxdi16", lea16_bxdi16, NULL, NULL);
  run2("lea16_bpsi16", lea16_bpsi16, NULL, NULL);
  run2("lea16_bpdi16", lea16_bpdi16, NULL, NULL);
  run2("lea16_si16", lea16_si16, NULL, NULL);
  run2("lea16_di16", lea16_di16, NULL, NULL);
  run2("lea16_bp16", lea16_bp16, NULL, NULL);
  run2("lea16_bx16", lea16_bx16, NULL, NULL);
  run2("mem16", mem16, NULL, NULL);
  run2("movs32", movs32, NULL, NULL);
  run2("movs32d", movs32d, NULL, NULL);
  run2("stos32", stos32, NULL, NULL);
  run2("lods32", lods32, NULL, NULL);
  run2("scas32", scas32, NULL, NULL);
  run2("cmps32", cmps32, NULL, NULL);
  run2("cmps32w", cmps32w, NULL, NULL);
  run2("movs16", movs16, NULL, NULL);
  run2("stos16", stos16, NULL, NULL);
  run2("lods16", lods16, NULL, NULL);
  run2("scas16", scas16, NULL, NULL);
  run2("cmps16", cmps16, NULL, NULL);
  run2("stos16wrap", stos16wrap, NULL, NULL);
  run2("xlat", xlat, NULL, NULL);
  run2("sse", sse, NULL, NULL);
  rf("x87env", x87env);
  rf("x87env16", x87env16);
  rf("x87save", x87save);
  rf("x87save16", x87save16);
  rf("x87fxsave", x87fxsave);
  return 0;
}
