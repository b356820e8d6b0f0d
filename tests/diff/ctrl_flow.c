/* ctrl_flow.c — control flow and stack instructions as compiled code uses them
 * (recursion, function pointers, jump tables, setjmp/longjmp, computed goto)
 * and as inline asm spells them out: LOOP/LOOPE/LOOPNE/JRCXZ, ENTER (nesting
 * levels 0-3)/LEAVE, RET imm16, indirect CALL/JMP through memory, PUSH/POP of
 * 16-bit values and of memory, PUSHF/POPF, XCHG, XLAT, LAHF/SAHF, CLD/STD.
 * diff-skip-gcc32 (64-bit inline asm)
 * diff-pie
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int ack(int m, int n) {
  return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1));
}
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static int dispatch(int i) {
  switch (i) {
  case 0: return 11;
  case 1: return 23;
  case 2: return 37;
  case 3: return 41;
  case 4: return 59;
  case 5: return 61;
  case 6: return 73;
  case 7: return 89;
  default: return -1;
  }
}

static jmp_buf jb;
static volatile int depth;
static void deep(int n) {
  depth = n;
  if (n > 0) deep(n - 1);
  if (depth == 0) longjmp(jb, 42);
}

int main(void) {
  printf("fib(20) = %d, ack(2,3) = %d\n", fib(20), ack(2, 3));
  int v[16];
  for (int i = 0; i < 16; i++) v[i] = (i * 7919) % 101;
  qsort(v, 16, sizeof v[0], cmp);
  for (int i = 0; i < 16; i++) printf("%d ", v[i]);
  printf("\n");
  int sum = 0;
  for (int i = -2; i < 10; i++) sum = sum * 3 + dispatch(i);
  printf("dispatch %d\n", sum);
  int r = setjmp(jb);
  if (!r) deep(50);
  printf("longjmp %d\n", r);
  static void *labels[] = {&&l0, &&l1, &&l2};
  int acc = 0, k = 0;
next:
  if (k == 6) goto done;
  goto *labels[k++ % 3];
l0:
  acc += 1;
  goto next;
l1:
  acc *= 5;
  goto next;
l2:
  acc -= 2;
  goto next;
done:
  printf("computed goto %d\n", acc);

  /* LOOP family and JRCXZ: count iterations */
  static const uint64_t counts[] = {1, 2, 5, 0x100000003ull};
  for (int i = 0; i < 4; i++) {
    uint64_t rcx = (uint32_t)counts[i], n = 0; /* 64-bit count: low half only (speed) */
    __asm__ volatile("1: inc %1\n loop 1b" : "+c"(rcx), "+r"(n));
    uint64_t rcx2 = counts[i], n2 = 0;
    __asm__ volatile("1: inc %1\n addr32 loop 1b" : "+c"(rcx2), "+r"(n2));
    printf("loop %" PRIu64 ": %" PRIu64 " %" PRIx64 " / addr32 %" PRIu64 " %" PRIx64 "\n",
           counts[i], n, rcx, n2, rcx2);
  }
  {
    /* loope: stop at the first nonzero byte or when rcx runs out */
    const char buf[] = {0, 0, 0, 5, 0, 0};
    uint64_t rcx = 6;
    const char *p = buf;
    __asm__ volatile("1: cmpb $0, (%1)\n lea 1(%1), %1\n loope 1b" : "+c"(rcx), "+r"(p) : : "cc");
    uint64_t rcx2 = 6;
    const char *q = buf + 3;
    __asm__ volatile("1: cmpb $0, (%1)\n lea 1(%1), %1\n loopne 1b" : "+c"(rcx2), "+r"(q) : : "cc");
    printf("loope left %" PRIu64 " at %d, loopne left %" PRIu64 " at %d\n", rcx, (int)(p - buf),
           rcx2, (int)(q - buf));
    uint64_t z = 0, nz = 0x100000000ull;
    int t1, t2, t3;
    __asm__("mov $1, %0\n jrcxz 1f\n mov $0, %0\n1:" : "=&r"(t1) : "c"(z));
    __asm__("mov $1, %0\n jrcxz 1f\n mov $0, %0\n1:" : "=&r"(t2) : "c"(nz));
    __asm__("mov $1, %0\n jecxz 1f\n mov $0, %0\n1:" : "=&r"(t3) : "c"(nz));
    printf("jrcxz %d %d jecxz %d\n", t1, t2, t3);
  }

  /* ENTER with nesting levels 0..3, then LEAVE: the frame as laid out. */
  for (int level = 0; level < 4; level++) {
    uint64_t frame[8], rbp_in, rsp_in, rsp_after, rbp_after;
    __asm__ volatile(
        "mov %%rsp, %[si]\n"
        "mov %%rbp, %[bi]\n"
        "sub $256, %%rsp\n"
        "mov %%rsp, %%rbp\n"
        "movq $0x1111, -8(%%rbp)\n"
        "movq $0x2222, -16(%%rbp)\n"
        "movq $0x3333, -24(%%rbp)\n"
        "movq $0x4444, -32(%%rbp)\n"
        "movq $0x5555, -40(%%rbp)\n"
        "movq $0x6666, -48(%%rbp)\n"
        "cmp $0, %[lv]\n je 10f\n cmp $1, %[lv]\n je 11f\n cmp $2, %[lv]\n je 12f\n"
        "enter $24, $3\n jmp 20f\n"
        "10: enter $24, $0\n jmp 20f\n"
        "11: enter $24, $1\n jmp 20f\n"
        "12: enter $24, $2\n"
        "20: mov %%rsp, %[sa]\n"
        "mov %%rbp, %[ba]\n"
        "mov %%rbp, 32(%[f])\n"
        "mov 0(%%rbp), %%rax\n mov %%rax, 0(%[f])\n"
        "mov -8(%%rbp), %%rax\n mov %%rax, 8(%[f])\n"
        "mov -16(%%rbp), %%rax\n mov %%rax, 16(%[f])\n"
        "mov -24(%%rbp), %%rax\n mov %%rax, 24(%[f])\n"
        "leave\n"
        "sub %%rsp, %[sa]\n"
        "sub %%rbp, %[ba]\n"
        "mov %[bi], %%rbp\n"
        "mov %[si], %%rsp\n"
        : [si] "=&r"(rsp_in), [bi] "=&r"(rbp_in), [sa] "=&r"(rsp_after), [ba] "=&r"(rbp_after)
        : [lv] "r"((uint64_t)level), [f] "r"(frame)
        : "rax", "memory", "cc");
    /* values relative to the frame so no address is printed */
    for (int i = 1; i < 4; i++)
      if (frame[i] >= 0x10000) frame[i] = frame[i] - frame[4] + 0x8000;
    printf("enter level %d: rsp-after %+" PRId64 " rbp-after %+" PRId64 " slots %" PRIx64
           " %" PRIx64 " %" PRIx64 "\n",
           level, (int64_t)rsp_after, (int64_t)rbp_after, frame[1] & 0xffff, frame[2] & 0xffff,
           frame[3] & 0xffff);
  }

  /* RET imm16, indirect call through memory, push/pop memory and 16-bit */
  {
    uint64_t out, sp_delta, w;
    __asm__ volatile(
        "mov %%rsp, %%r8\n"
        "push $7\n push $9\n"
        "call 1f\n"
        "jmp 2f\n"
        "1: mov 8(%%rsp), %%rax\n add 16(%%rsp), %%rax\n ret $16\n"
        "2: mov %%rax, %0\n"
        "mov %%r8, %%rax\n sub %%rsp, %%rax\n mov %%rax, %1\n"
        "mov $0x12345678abcd, %%rax\n"
        "pushq $0\n add $8, %%rsp\n pushw %%ax\n pushw $0x4321\n sub $4, %%rsp\n pop %%rdx\n"
        "mov %%rdx, %2\n"
        "mov %%r8, %%rsp\n"
        : "=m"(out), "=m"(sp_delta), "=m"(w)
        :
        : "rax", "rdx", "r8", "memory", "cc");
    printf("ret imm: %" PRIu64 " sp delta %" PRIu64 " pushw %" PRIx64 "\n", out, sp_delta, w);
    uint64_t slot = 0x5555, popped = 0;
    __asm__ volatile("pushq %1\n popq %0" : "=m"(popped) : "m"(slot));
    int (*fp)(int) = fib;
    int res;
    __asm__ volatile("mov $15, %%edi\n call *%1\n"
                     : "=a"(res)
                     : "m"(fp)
                     : "rdi", "rsi", "rdx", "rcx", "r8", "r9", "r10", "r11", "memory", "cc");
    printf("push/pop mem %" PRIx64 ", call *mem fib(15) = %d\n", popped, res);
  }

  /* XCHG, XLAT, LAHF/SAHF, PUSHF/POPF with DF */
  {
    uint64_t a = 0x1111222233334444ull, b = 0x5555666677778888ull, m = 0x99990000aaaabbbbull;
    __asm__("xchg %0, %1" : "+r"(a), "+r"(b));
    __asm__("xchg %0, %1" : "+r"(a), "+m"(m));
    uint32_t c32 = 0xdeadbeef;
    uint64_t r64 = 0xffffffffffffffffull;
    __asm__("xchg %k0, %k1" : "+r"(r64), "+r"(c32));
    printf("xchg %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 " %x\n", a, b, m, r64, c32);
    static const unsigned char tab[256] = {[0] = 9, [7] = 77, [200] = 201, [255] = 1};
    uint64_t rax = 0xabcd00c8, rax2 = 0xff;
    __asm__("xlat" : "+a"(rax) : "b"(tab));
    __asm__("xlat" : "+a"(rax2) : "b"(tab));
    printf("xlat %" PRIx64 " %" PRIx64 "\n", rax, rax2);
    for (int i = 0; i < 4; i++) {
      uint64_t ah_in = (uint64_t)(i * 0x55 + 0x13) << 8, flags, ah_out;
      __asm__ volatile(
          "mov %2, %%rax\n sahf\n pushfq\n pop %0\n mov $0, %%eax\n lahf\n mov %%rax, %1"
          : "=r"(flags), "=r"(ah_out)
          : "r"(ah_in)
          : "rax", "cc");
      printf("sahf %02x -> flags %03" PRIx64 " lahf %04" PRIx64 "\n", (unsigned)(ah_in >> 8),
             flags & 0xfd5, ah_out);
    }
    uint64_t f1, f2;
    __asm__ volatile("std\n pushfq\n pop %0\n cld\n pushfq\n pop %1" : "=r"(f1), "=r"(f2));
    printf("df %d %d\n", (int)(f1 >> 10) & 1, (int)(f2 >> 10) & 1);
    uint64_t fin = 0x8d5 | 0x400 | 0x40000 | 0x200000, fout;
    __asm__ volatile("pushfq\n push %1\n popfq\n pushfq\n pop %0\n popfq"
                     : "=r"(fout)
                     : "r"(fin)
                     : "cc");
    printf("popf %" PRIx64 "\n", fout & 0x244fd5);
  }
  return 0;
}
