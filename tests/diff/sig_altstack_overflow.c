/* sig_altstack_overflow.c — signal frames that cannot be written, as
 * arch/x86/kernel/signal.c (get_sigframe) and kernel/signal.c
 * (force_sigsegv) decide:
 *  - a SIGSEGV whose own frame cannot be written (the stack pointer at 0x10)
 *    kills the task with SIGSEGV: the handler is reset, nothing retries;
 *  - the same fault with the handler on an alternate stack runs the handler;
 *  - signals nested on the alternate stack until it overflows: the frame
 *    that does not fit is not written below the stack, the task gets
 *    SIGSEGV, whose frame (still nested there) does not fit either, and it
 *    dies of SIGSEGV;
 *  - the same with another signal's handler for SIGSEGV off the alternate
 *    stack: nested frames are checked whatever SA_ONSTACK says.
 * Each case runs in a child; the parent prints how the child ended.  How
 * deep the nesting went depends on the frame size (the host's xstate), so
 * it is not printed.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ALT_SIZE (64 * 1024)

static void on_segv_exit(int sig) {
  (void)sig;
  _exit(42);
}

static void on_segv_return(int sig) { (void)sig; }

/* The nesting handler sends itself SIGUSR1 again (SA_NODEFER: delivered at
 * once, one frame lower) and uses no stack of its own, so that the only
 * thing that can overflow the alternate stack is a frame the kernel writes:
 * a handler in C would fault on its own pushes first at a depth that
 * depends on the frame size, i.e. on the host's xstate. */
#define STR(x)  #x
#define XSTR(x) STR(x)
void on_usr1_nest(int sig);
__asm__(".text\n"
        ".globl on_usr1_nest\n"
        ".type on_usr1_nest, @function\n"
        "on_usr1_nest:\n"
#ifdef __x86_64__
        "\tmov $" XSTR(__NR_getpid) ", %eax\n"
        "\tsyscall\n"
        "\tmov %eax, %edi\n"
        "\tmov %eax, %esi\n"
        "\tmov $" XSTR(SIGUSR1) ", %edx\n"
        "\tmov $" XSTR(__NR_tgkill) ", %eax\n"
        "\tsyscall\n"
#else
        "\tmov $" XSTR(__NR_getpid) ", %eax\n"
        "\tint $0x80\n"
        "\tmov %eax, %ebx\n"
        "\tmov %eax, %ecx\n"
        "\tmov $" XSTR(SIGUSR1) ", %edx\n"
        "\tmov $" XSTR(__NR_tgkill) ", %eax\n"
        "\tint $0x80\n"
#endif
        "\tret\n"
        ".size on_usr1_nest, .-on_usr1_nest\n");

static void set_handler(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigaction(sig, &sa, NULL);
}

static void use_altstack(void) {
  stack_t ss;
  ss.ss_sp = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ss.ss_size = ALT_SIZE;
  ss.ss_flags = 0;
  if (ss.ss_sp == MAP_FAILED || sigaltstack(&ss, NULL)) _exit(3);
}

/* Stack pointer at 0x10, then a push: #PF on the unmapped first page. */
static void fault_with_bad_sp(void) {
#ifdef __x86_64__
  __asm__ volatile("mov $0x10, %%rsp\n\tpush %%rax" ::: "memory");
#else
  __asm__ volatile("mov $0x10, %%esp\n\tpush %%eax" ::: "memory");
#endif
}

static void bad_sp_handler_on_stack(void) {
  set_handler(SIGSEGV, on_segv_return, 0);
  fault_with_bad_sp();
}

static void bad_sp_handler_on_altstack(void) {
  use_altstack();
  set_handler(SIGSEGV, on_segv_exit, SA_ONSTACK);
  fault_with_bad_sp();
}

static void nested_overflow_segv_onstack(void) {
  use_altstack();
  set_handler(SIGSEGV, on_segv_exit, SA_ONSTACK);
  set_handler(SIGUSR1, on_usr1_nest, SA_ONSTACK | SA_NODEFER);
  raise(SIGUSR1);
}

static void nested_overflow_segv_plain(void) {
  use_altstack();
  set_handler(SIGSEGV, on_segv_exit, 0);
  set_handler(SIGUSR1, on_usr1_nest, SA_ONSTACK | SA_NODEFER);
  raise(SIGUSR1);
}

static void run(const char *what, void (*fn)(void)) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    fn();
    _exit(0);
  }
  int st;
  if (waitpid(c, &st, 0) != c) {
    printf("%-44s waitpid failed\n", what);
    return;
  }
  if (WIFSIGNALED(st))
    printf("%-44s killed by signal %d\n", what, WTERMSIG(st));
  else
    printf("%-44s exit %d\n", what, WEXITSTATUS(st));
}

int main(void) {
  run("bad sp, SIGSEGV handler on the stack:", bad_sp_handler_on_stack);
  run("bad sp, SIGSEGV handler on the altstack:", bad_sp_handler_on_altstack);
  run("nested to overflow, SIGSEGV on the altstack:", nested_overflow_segv_onstack);
  run("nested to overflow, SIGSEGV without ONSTACK:", nested_overflow_segv_plain);
  return 0;
}
