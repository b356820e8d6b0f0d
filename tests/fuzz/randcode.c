/* randcode.c — random bytes executed as code, for comparing emu with the CPU:
 * ROUNDS children each run 64 random bytes (seeded by SEED) from a fixed
 * address with every register and the flags set to fixed values and a fixed
 * stack, and the parent prints how each child ended (the signal or the exit
 * status), one line per round with the bytes.  Run natively and under emu
 * and diff the two outputs (randfuzz.sh does).  Outcomes the SDM leaves to
 * the CPU model, and loops that take too long under emu (the child's alarm),
 * can differ; anything else is a bug to chase.
 *   randcode ROUNDS SEED [v]
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
static unsigned long long rs;
static unsigned rnd(void) {
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return (unsigned)rs;
}
int main(int argc, char **argv) {
  int rounds = atoi(argv[1]);
  rs = strtoull(argv[2], 0, 0) * 2654435761u + 1;
  int verbose = argc > 3;
  for (int r = 0; r < rounds; r++) {
    unsigned char code[64];
    for (int i = 0; i < 64; i++) code[i] = (unsigned char)rnd();
    pid_t p = fork();
    if (p == 0) {
      alarm(2);
      int nfd = open("/dev/null", O_RDWR);
      dup2(nfd, 0);
      dup2(nfd, 1);
      dup2(nfd, 2);
      unsigned char *m = mmap((void *)0x10000000, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      memcpy(m + 4096 - 32, code, 64);
      mprotect(m + 4096, 4096, PROT_NONE);
      /* clear registers-ish: jump */
      {
        static unsigned char *stk;
        stk = mmap((void *)0x20000000, 65536, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        unsigned long target = (unsigned long)(m + 4096 - 32), top = (unsigned long)stk + 32768;
#ifdef __x86_64__
        /* In r14 and r15, which the sequence clears only after it has used them
         * (in any register the compiler picks, a clear could zero the target). */
        register unsigned long top_r __asm__("r14") = top;
        register unsigned long target_r __asm__("r15") = target;
        __asm__ volatile(
            "mov %0, %%rsp\n push $0\n popf\n xor %%eax,%%eax\n xor %%ebx,%%ebx\n xor "
            "%%ecx,%%ecx\n xor %%edx,%%edx\n"
            "mov %%rsp, %%rbp\n mov %%rsp, %%rsi\n mov %%rsp, %%rdi\n xor %%r8d,%%r8d\n xor "
            "%%r9d,%%r9d\n xor %%r10d,%%r10d\n"
            "xor %%r11d,%%r11d\n xor %%r12d,%%r12d\n xor %%r13d,%%r13d\n xor %%r14d,%%r14d\n "
            "jmp *%1\n" ::"r"(top_r),
            "r"(target_r)
            : "memory");
#else
        __asm__ volatile(
            "mov %0, %%esp\n mov %1, %%eax\n push %%eax\n push $0\n popf\n xor %%eax,%%eax\n xor "
            "%%ebx,%%ebx\n xor %%ecx,%%ecx\n xor %%edx,%%edx\n"
            "mov %%esp, %%ebp\n mov %%esp, %%esi\n mov %%esp, %%edi\n ret\n" ::"r"(top),
            "r"(target)
            : "memory");
#endif
      }
      _exit(100);
    }
    int st;
    waitpid(p, &st, 0);
    if (verbose) {
      printf("%d ", r);
      for (int i = 0; i < 64; i++) printf("%02x", code[i]);
      printf(" -> %s %d\n", WIFSIGNALED(st) ? "sig" : "exit",
             WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    } else {
      printf("%s%d\n", WIFSIGNALED(st) ? "s" : "e",
             WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    }
  }
  return 0;
}
