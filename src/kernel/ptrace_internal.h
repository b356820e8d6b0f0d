/* ptrace_internal.h — what the two halves of ptrace between emulated
 * processes share: ptrace.c (the tracee's side: the registry, the stops,
 * execve and the ends) and ptrace_tracer.c (the tracer's side: the
 * requests and the waits).  The request numbers and layouts of
 * include/uapi/linux/ptrace.h, the slot each tracee talks through and the
 * registries.  Private to those two files.
 */
#ifndef EMU_PTRACE_INTERNAL_H
#define EMU_PTRACE_INTERNAL_H

#include <time.h>

#include "kernel.h"

/* include/uapi/linux/ptrace.h */
enum {
  REQ_TRACEME = 0,
  REQ_PEEKTEXT = 1,
  REQ_PEEKDATA = 2,
  REQ_PEEKUSR = 3,
  REQ_POKETEXT = 4,
  REQ_POKEDATA = 5,
  REQ_POKEUSR = 6,
  REQ_CONT = 7,
  REQ_KILL = 8,
  REQ_SINGLESTEP = 9,
  REQ_GETREGS = 12,
  REQ_SETREGS = 13,
  REQ_GETFPREGS = 14,
  REQ_SETFPREGS = 15,
  REQ_ATTACH = 16,
  REQ_DETACH = 17,
  REQ_GETFPXREGS = 18,
  REQ_SETFPXREGS = 19,
  REQ_SYSCALL = 24,
  REQ_SETOPTIONS = 0x4200,
  REQ_GETEVENTMSG = 0x4201,
  REQ_GETSIGINFO = 0x4202,
  REQ_GETREGSET = 0x4204,
  REQ_SETREGSET = 0x4205,
};
/* The regsets of PTRACE_GETREGSET/SETREGSET (include/uapi/linux/elf.h). */
#define NT_PRSTATUS       1
#define NT_PRFPREG        2
#define NT_PRXFPREG       0x46e62b7f
#define PT_O_TRACESYSGOOD 0x1u
#define PT_O_TRACEFORK    0x2u
#define PT_O_TRACEVFORK   0x4u
#define PT_O_TRACECLONE   0x8u
#define PT_O_TRACEEXEC    0x10u
#define PT_O_TRACEEXIT    0x40u
#define PT_O_EXITKILL     0x100000u
#define PT_O_MASK         0x003000ffu /* PTRACE_O_MASK: every option the kernel knows */
#define PT_O_DONE                                                                            \
  (PT_O_TRACESYSGOOD | PT_O_TRACEFORK | PT_O_TRACEVFORK | PT_O_TRACECLONE | PT_O_TRACEEXEC | \
   PT_O_TRACEEXIT | PT_O_EXITKILL)
#define PT_EVENT_FORK  1
#define PT_EVENT_VFORK 2
#define PT_EVENT_CLONE 3
#define PT_EVENT_EXEC  4
#define PT_EVENT_EXIT  6

/* struct user's layout past the registers (sys/user.h): the debug
 * registers, and the first offset PEEKUSER refuses.  The kernel's struct
 * user is the C library's plus error_code and fault_address (928 bytes);
 * the compat check is "regno > sizeof(struct user32)", so 284 itself
 * still reads. */
#define USER64_DEBUGREG 848
#define USER64_END      928
#define USER32_DEBUGREG 252
#define USER32_END      288

/* Tracees at once per tracer (each slot about 750 bytes of a shared memfd). */
enum { PT_SLOTS = 128, PT_BUF = 512 };
enum { SLOT_FREE, SLOT_RUNNING, SLOT_STOPPED, SLOT_EXITED };
enum {
  OP_PEEK = 1,
  OP_POKE,
  OP_PEEKUSER,
  OP_POKEUSER,
  OP_GETREGS,
  OP_SETREGS,
  OP_GETFP,
  OP_SETFP,
  OP_GETFSAVE,
  OP_SETFSAVE,
  OP_GETSIGINFO,
  OP_RESUME
};

/* One tracee's channel, shared by the two processes.  The tracee writes
 * state, status and the replies; the tracer the requests. */
struct pt_slot {
  int pid;       /* the tracee; 0: free */
  int state;     /* SLOT_* */
  int foreign;   /* not the tracer's child (a fork event's): its end is told here */
  int tgid;      /* the tracee's process (pid is a thread's tid) */
  int status;    /* the wait status of the stop, or of the end (SLOT_EXITED) */
  int reported;  /* a wait returned this stop */
  u32 options;   /* PTRACE_O_*, set by the tracer */
  u32 req, ack;  /* futex words: the request's number, the last one answered */
  int op, abi;   /* the request; the tracer's ABI (the layouts) */
  int mode, sig; /* OP_RESUME: how (REQ_CONT...) and with which signal; mode stays
                    for execve's syscall-exit stop */
  int exec_nr;   /* the execve's number, for the stop after it */
  u64 addr, data;
  i64 result;
  u64 eventmsg;
  struct lx_siginfo si; /* the signal-delivery stop's */
  u8 buf[PT_BUF];
};

struct pt_registry {
  int waiter; /* the tracer's thread in wait4, to ring for a stop; 0: none */
  int owner;  /* the tracer: the process that made it */
  struct pt_slot slot[PT_SLOTS];
};

/* This process's registry, for its children (pt_own), and its tracer's, in
 * which it holds a slot once traced (pt_up): ptrace.c. */
extern struct pt_registry *pt_own, *pt_up;
/* The slot of a traced task is its own (a thread, or a CLONE_VM child,
 * shares emu's variables with its parent, not its task). */
#define ME(t) ((t)->pt_slot)

long pt_futex(u32 *w, int op, u32 val, const struct timespec *ts);
/* The value of PTRACE_ATTACH's SIGTRAP: magic, slot, descriptor. */
#define PT_ATTACH_MAGIC           0x7074ull /* "pt" */
#define PT_ATTACH_VALUE(slot, fd) (PT_ATTACH_MAGIC << 48 | (u64)(slot) << 32 | (u32)(fd))
/* The descriptor of pt_own in this process. */
int pt_own_fd(void);
/* A slot of the registry r claimed for tid, a task of process tgid. */
struct pt_slot *pt_slot_claim(struct pt_registry *r, int tid, int tgid, u32 options, bool foreign);
/* A SIGTRAP with SI_QUEUE and value to thread tid of process tgid: the
 * doorbell and PTRACE_ATTACH's request, which emu's handler keeps for
 * itself.  0 or -errno. */
long pt_trap(int tgid, int tid, u64 value);
/* A tracee stopped: the tracer's thread in wait4, if there is one, leaves
 * its host wait4 to look (SIG_PTRACE_BELL, signal.c). */
void pt_ring(struct pt_registry *r);
/* Under -d unimp: a line naming what is not modelled. */
void pt_unimp(struct task *t, const char *what, long req);
/* PTRACE_TRACEME. */
long pt_traceme(struct task *t);

#endif
