/* signal.h — signal generation, queueing and delivery (signal.c), the
 * per-ABI frames (signal_x86_64.c, signal_i386.c) and what the system calls
 * of sys_signal.c share with them.  Private to src/kernel.
 *
 * Model.  A signal the guest can see comes from one of three places:
 *  - a synchronous fault of the CPU (task.c -> sig_force_fault);
 *  - the host: emu installs a host handler for every signal the guest
 *    handles (sig_host_action), and the host mask follows the guest's mask
 *    (sig_set_blocked), so a signal sent by another process, a timer, a
 *    broken pipe or kill to self arrives in that handler, is queued for the
 *    task and kicks the CPU out of its loop; an ignored or default signal is
 *    left to the host, whose action is then the guest's;
 *    glibc's own signals 32 and 33 are handled the same way, through the
 *    raw system calls (its wrappers hide them), as emu never uses them;
 *  - emu itself, for the signals emu needs in the host (SIGSEGV, SIGBUS,
 *    SIGFPE, SIGILL, SIGTRAP): those are queued directly and their default
 *    action is taken by emu.
 * Delivery happens where the kernel delivers: at the exit of every system
 * call (sig_exit_work, with the restart rules) and between instructions
 * (sig_deliver_async from the CPU loop).
 */
#ifndef EMU_SIGNAL_H
#define EMU_SIGNAL_H

#include "kernel.h"

#define LX_NSIG         64
#define SIGBIT(s)       (1ull << ((s)-1))
#define SIG_UNBLOCKABLE (SIGBIT(9) | SIGBIT(19)) /* SIGKILL, SIGSTOP */

/* The kernel's internal restart codes (include/linux/errno.h). */
#define ERESTARTSYS           512
#define ERESTARTNOINTR        513
#define ERESTARTNOHAND        514
#define ERESTART_RESTARTBLOCK 516

#define LX_SA_NOCLDSTOP 0x00000001u
#define LX_SA_SIGINFO   0x00000004u
#define LX_SA_ONSTACK   0x08000000u
#define LX_SA_RESTART   0x10000000u
#define LX_SA_NODEFER   0x40000000u
#define LX_SA_RESETHAND 0x80000000u
#define LX_SA_RESTORER  0x04000000u

#define LX_SS_ONSTACK    1
#define LX_SS_DISABLE    2
#define LX_SS_AUTODISARM (1u << 31)

/* True when the guest's signal sig travels through the host (see above). */
bool sig_host_backed(int sig);

/* The CPU loop starts: remember the running task for the host handler. */
void sig_task_start(struct task *t);

/* copy_process(): a new task (thread, CLONE_VM child, fork child) starts
 * with nothing pending of its own.  For the calling thread's own task, call
 * it with host signals blocked. */
void sig_task_fresh(struct task *t);
/* Queue si for t (emu-generated signals). */
void sig_queue(struct task *t, const struct lx_siginfo *si);
/* kill/tkill/tgkill/rt_(tg)sigqueueinfo to the calling process or thread:
 * thread says whether it is thread-directed; si may be NULL (SI_USER or
 * SI_TKILL made here).  Returns 0 or -errno. */
long sig_send_self(struct task *t, int sig, bool thread, const struct lx_siginfo *si);
/* A synchronous fault: force the signal (default action if the guest
 * blocks or ignores it) and deliver it now, on the CPU's state. */
void sig_force_fault(struct task *t, int sig, int code, u64 addr, int trapno, u64 err);

/* Exit work of a system call (abi >= 0: the table it came through; the
 * frame's ax holds the result) or of an interrupt (abi < 0): apply the
 * restart rules and deliver pending signals by changing regs. */
void sig_exit_work(struct task *t, struct pt_regs *regs, int abi);
/* A system call's result as the kernel's handler would return it: a host
 * call that a signal for the guest interrupted (-EINTR) gives the restart
 * code of that call (-ERESTARTSYS & co.), which the exit work then applies. */
long sig_syscall_result(struct task *t, int abi, long nr, long ret);
/* Between instructions: deliver pending unblocked signals on the CPU. */
void sig_deliver_async(struct task *t);
/* A system call is about to run (nanosleep's restart block needs its start). */
void sig_syscall_enter(struct task *t, int abi, long nr, const u64 *args);

/* Set the guest's blocked mask (SIGKILL/SIGSTOP dropped) and the host's. */
void sig_set_blocked(struct task *t, u64 mask);
/* Give the host the action matching the guest's new action for sig. */
void sig_host_action(int sig, const struct lx_sigaction *ka);
/* The process is traced (on) or no longer: the host hands emu every signal,
 * those the guest ignores or leaves to a default of ignoring or stopping
 * too, so that each makes its signal-delivery stop (ptrace.c). */
void sig_host_trace(const struct proc *p, bool on);
/* Remove and return the first pending signal in mask (synchronous ones
 * first, then the lowest number), or 0. */
int sig_dequeue(struct task *t, u64 mask, struct lx_siginfo *out);
/* A blocking host system call that a guest signal must end (QEMU's
 * safe_syscall): a signal the host handler queues after the last look at
 * kick would otherwise wait until the call ends by itself, maybe never.
 * kick is tested right before the syscall instruction, and the handler
 * sends a thread it interrupts in between past the call.  The raw result
 * (-errno), or -EINTR without calling when a signal the task takes came
 * first (as the kernel's wait interrupted before sleeping: the exit work
 * runs the handler); a kick left set with nothing deliverable is no
 * reason not to call. */
long sig_safe_syscall(struct task *t, long nr, long a1, long a2, long a3, long a4, long a5,
                      long a6);
/* The same, but a kick (a signal for the guest, or ptrace's doorbell)
 * always ends it with -EINTR: the caller looks at why and calls again. */
long sig_safe_syscall_once(struct task *t, long nr, long a1, long a2, long a3, long a4, long a5,
                           long a6);
/* ptrace's doorbell: a SIGTRAP with SI_QUEUE and this value, sent by a
 * tracee that stopped to the tracer's thread waiting in wait4, kicks that
 * thread out of its wait and is no signal of the guest's. */
#define SIG_PTRACE_BELL 0x70747263 /* "ptrc" */
/* Pending signals: queued in emu and pending in the host. */
u64 sig_pending_set(struct task *t);
/* Block every host signal / restore the host mask from the guest's. */
void sig_host_block_all(void);
void sig_host_sync_mask(struct task *t);
/* The host mask (a kernel sigset, as the guest's) for a guest mask:
 * host-backed signals only.  Use it with the raw system calls: glibc's
 * sigset functions drop 32 and 33. */
u64 sig_host_set(u64 mask);

/* The waits that take a signal mask: sig_wait_begin/sig_wait_end, kernel.h. */

/* ABI-neutral cores of calls whose structures differ between the ABIs
 * (sys_proc.c). */
long sys_sigaction_core(struct task *t, int sig, const struct lx_sigaction *act,
                        struct lx_sigaction *oact);
long sys_sigaltstack_core(struct task *t, const struct lx_stack *ns, struct lx_stack *old);

/* sigaltstack helpers (kernel __on_sig_stack, on_sig_stack, sas_ss_flags). */
bool sig_within_altstack(const struct task *t, u64 sp);
bool sig_on_altstack(const struct task *t, u64 sp);
int sig_ss_flags(const struct task *t, u64 sp);
/* get_sigframe's first step: the stack the frame goes on.  *alt says the
 * frame must then lie within the alternate stack (nested on it, or entering
 * it): get_sigframe's overflow check, which the frame builders make with
 * sig_within_altstack on the frame's lowest address (-EFAULT otherwise). */
u64 sig_stack_top(struct task *t, const struct lx_sigaction *ka, u64 sp, bool redzone, bool *alt);

/* pt_regs <-> CPU for delivery outside a system call. */
void sig_regs_from_cpu(struct cpu *c, struct pt_regs *r);
void sig_regs_to_cpu(struct cpu *c, const struct pt_regs *r);
/* Parts of it for the system-call exits (entry.c): POP_REGS, every general
 * register from the frame; and the mode the frame's CS picks on the return to
 * user mode (0x23 compatibility mode, 0x33 64-bit mode). */
void sig_regs_to_gprs(struct cpu *c, const struct pt_regs *r);
void sig_regs_to_mode(struct cpu *c, const struct pt_regs *r);
/* The segment half of an iret to user mode: CS picks the mode (0x23
 * compatibility, 0x33 64-bit), SS is loaded. */
void sig_iret_segs(struct cpu *c, u64 cs, u64 ss);
/* sigreturn's CS and SS, as the iret judges them (CS, then SS): true when
 * the iret can load both; otherwise the signal of the kernel's faulting
 * iret is queued (SIGSEGV for #GP, SIGBUS for #NP and #SS; #GP(0) for any
 * fault with an LDT SS, as espfix64 reports it) and false returned. */
bool sig_iret_check(struct task *t, u64 cs, u64 ss);

/* Frames.  setup: 0, or -EFAULT when the frame cannot be written (the
 * caller forces SIGSEGV).  sigreturn: the new ax, the frame changed; on a
 * bad frame SIGSEGV is forced and ax is returned unchanged. */
int sig_setup_frame64(struct task *t, int sig, const struct lx_sigaction *ka,
                      const struct lx_siginfo *si, u64 oldmask, struct pt_regs *regs);
int sig_setup_frame32(struct task *t, int sig, const struct lx_sigaction *ka,
                      const struct lx_siginfo *si, u64 oldmask, struct pt_regs *regs);
/* The XSAVE image of a frame: the legacy area and the XSAVE header (XCR0 =
 * x87 | SSE), then FP_XSTATE_MAGIC2: XSTATE_FRAME bytes in all. */
#define XSTATE_SIZE  576u
#define XSTATE_FRAME (XSTATE_SIZE + 4)
/* FIX_EFLAGS: the flags sigreturn takes from a frame of either ABI. */
#define FIX_EFLAGS (F_AC | F_OF | F_DF | F_TF | F_SF | F_ZF | F_AF | F_PF | F_CF | F_RF)
/* The fpstate of a signal frame as copy_fpstate_to_sigframe writes it
 * (signal_x86_64.c): the XSAVE image, XSTATE_FRAME bytes, with the
 * software-reserved bytes saying an extended frame follows; the i386 frame
 * puts it above its fsave header. */
void sig_put_xstate(struct cpu *c, u8 *b);
/* The 108-byte FSAVE image of the x87 state (user_i387_ia32_struct, as
 * the i386 frame's fsave header and an i386 tracer's PTRACE_GETFPREGS have
 * it: fpregs_get/set's convert_from_fxsr/convert_to_fxsr), and setting the
 * x87 state from one (MXCSR and XMM kept); -1 when refused. */
void sig_fsave32_get(struct cpu *c, u8 *b);
int sig_fsave32_set(struct cpu *c, const u8 *b);
/* i386 compat siginfo from the x86-64 layout (copy_siginfo_to_user32). */
void sig_siginfo_to32(const struct lx_siginfo *si, struct lx32_siginfo *out);
/* Force SIGSEGV (force_sigsegv: a frame could not be built or read). */
void sig_force_segv(struct task *t);

#endif
