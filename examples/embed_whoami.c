/* embed_whoami.c — a host program that embeds emu (libemu.a, include/emu/emu.h)
 * and adds a system call to it: number 1000 on both ABIs, "whoami(char *buf,
 * size_t len)", which copies the host user's name (getpwuid(getuid())) with
 * its NUL into the guest's buf and returns the name's length; -ERANGE when
 * buf is too small, -EFAULT when it is not writable guest memory.
 *
 *   embed_whoami [--strace] [--frames] PROGRAM [ARGS...]
 *
 *   build/examples/embed_whoami build/examples/custom_syscall
 *   build/examples/embed_whoami --strace build/examples/custom_syscall_32
 *   build/examples/embed_whoami --frames build/examples/custom_syscall
 *
 * The system-call log (--strace: emu_set_strace) and the entry model
 * (--frames: emu_set_frames) name the call "whoami".  docs/examples.md has the output.
 */
#include <emu/emu.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static char user[256];

/* The handler: the arguments are guest values; guest memory only through
 * the checked accessors. */
static long sys_whoami(struct emu_syscall *call) {
  unsigned long long buf = call->a[0], len = call->a[1];
  size_t n = strlen(user) + 1;
  if (len < n) return -ERANGE;
  long r = emu_write_guest(call, buf, user, n);
  return r < 0 ? r : (long)(n - 1);
}

int main(int argc, char **argv) {
  int i = 1, strace = 0, frames = 0;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--strace"))
      strace = 1;
    else if (!strcmp(argv[i], "--frames"))
      frames = 1;
    else
      break;
  }
  if (i >= argc || argv[i][0] == '-') {
    fprintf(stderr, "usage: %s [--strace] [--frames] PROGRAM [ARGS...]\n", argv[0]);
    return 2;
  }
  struct passwd *pw = getpwuid(getuid());
  if (pw)
    snprintf(user, sizeof user, "%s", pw->pw_name);
  else
    snprintf(user, sizeof user, "uid%u", (unsigned)getuid());

  struct emu *e = emu_new();
  if (!e) return 1;
  if (strace) emu_set_strace(e, stderr);
  if (frames) emu_set_frames(e, stderr);
  char err[512];
  int st = emu_load(e, argv[i], argc - i, argv + i, environ, err, sizeof err);
  if (st) {
    fputs(err, stderr);
    emu_free(e);
    return st;
  }
  /* "Bu": the log prints buf as an output buffer (the result's bytes) and
   * len as an unsigned number. */
  if (emu_register_syscall(e, EMU_ABI_X86_64, 1000, "whoami", sys_whoami, "Bu") ||
      emu_register_syscall(e, EMU_ABI_I386, 1000, "whoami", sys_whoami, "Bu")) {
    fprintf(stderr, "embed_whoami: cannot register whoami\n");
    return 1;
  }
  int status = emu_run(e);
  emu_free(e);
  /* A wait status, as from waitpid: the exit code, or 128 + the signal. */
  return (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
}
