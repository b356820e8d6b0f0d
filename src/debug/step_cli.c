/* step_cli.c — `emu --step`: the interactive single-stepper, a front end of
 * the debugger core (step.c).  Commands come from stdin one line at a time
 * (read unbuffered, so the guest's own stdin input after them stays
 * unread); the prompt "(emu) " and all output go to stderr, so the guest's
 * stdout stays its own.  Works the same with commands piped in.  End of
 * input lets the program run to its end without further stops.
 *
 *   s, step [N]        run N (1) instructions
 *   n, syscall         run to the next system call's entry and show it
 *   c, continue        run to a breakpoint, watchpoint, fault or the end
 *   r, regs            the registers
 *   x ADDR [LEN]       dump LEN (64) bytes of guest memory
 *   d, disas [ADDR] [N]  disassemble N (8) instructions at ADDR (pc)
 *   b ADDR|SYMBOL      breakpoint; delete N; info breakpoints
 *   w ADDR [LEN]       watchpoint on a write of LEN (4) bytes
 *   q, quit            end the program and emu: stopped at the entry of exit or
 *                      exit_group, the program finishes with its own status;
 *                      elsewhere it is killed, as gdb's quit kills it ("killed
 *                      by SIGKILL", emu's status 137, as a shell reports it)
 * ADDR is an expression of numbers (0x.. hex, else decimal), symbols and
 * $registers joined by + and -, e.g. `main+4`, `$rsp+8`.  The look of the
 * listing follows gdb's x/i and info registers. */
#define _GNU_SOURCE
#include <capstone/capstone.h>
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "step.h"
#include "symbols.h"
#include "../cpu/cpu.h"
#include "../kernel/kernel.h"

static FILE *out;
static char last_cmd[256];

static const char *const r64[16] = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
                                    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const int r64_idx[16] = {R_AX, R_BX, R_CX,  R_DX,  R_SI,  R_DI,  R_BP,  R_SP,
                                R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15};
static const char *const r32[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
static const char *const segn[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

/* "<sym+off>" for addr, or "". */
static const char *symbolize(struct task *t, u64 addr, char *buf, size_t n) {
  u64 off;
  const char *name = sym_at(dbg_symbols(t), addr, &off);
  if (!name) return "";
  if (off)
    snprintf(buf, n, " <%s+%llu>", name, (unsigned long long)off);
  else
    snprintf(buf, n, " <%s>", name);
  return buf;
}

/* Disassemble n instructions at addr; "=> " marks the pc. */
static void disas(struct task *t, u64 addr, int n) {
  struct cpu *c = &t->cpu;
  csh cs;
  cs_mode m = c->mode == 64 ? CS_MODE_64 : c->cs16 ? CS_MODE_16 : CS_MODE_32;
  if (cs_open(CS_ARCH_X86, m, &cs) != CS_ERR_OK) return;
  cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT); /* as gdb and objdump show it */
  for (int i = 0; i < n; i++) {
    u8 b[16];
    size_t got = dbg_mem_read(t, addr, b, sizeof b);
    char sb[160];
    const char *sym = symbolize(t, addr, sb, sizeof sb);
    const char *mark = addr == cpu_code_addr(c, c->rip) ? "=> " : "   ";
    if (!got) {
      fprintf(out, "%s0x%llx%s:\tcannot access memory\n", mark, (unsigned long long)addr, sym);
      break;
    }
    cs_insn *ci = NULL;
    size_t k = cs_disasm(cs, b, got, addr, 1, &ci);
    if (k != 1) {
      fprintf(out, "%s0x%llx%s:\t(bad)\n", mark, (unsigned long long)addr, sym);
      break;
    }
    char hex[64] = "";
    for (int j = 0; j < ci->size && j < 15; j++) sprintf(hex + 3 * j, "%02x ", ci->bytes[j]);
    fprintf(out, "%s0x%llx%s:\t%-24s%s%s%s\n", mark, (unsigned long long)addr, sym, hex,
            ci->mnemonic, ci->op_str[0] ? " " : "", ci->op_str);
    addr += ci->size;
    cs_free(ci, k);
  }
  cs_close(&cs);
}

/* One line of the register dump, in gdb's columns: the name, the value in
 * hex, then what it means (decimal, a symbol, the flags). */
static void reg_line(int hexw, const char *name, u64 v, const char *natural) {
  char hex[24];
  snprintf(hex, sizeof hex, "0x%llx", (unsigned long long)v);
  if (natural[0])
    fprintf(out, "%-10s%-*s%s\n", name, hexw, hex, natural);
  else
    fprintf(out, "%-10s%s\n", name, hex);
}

static void show_regs(struct task *t) {
  struct cpu *c = &t->cpu;
  u64 f = cpu_get_flags(c);
  int hexw = c->mode == 64 ? 20 : 12; /* 0x + 16 or 8 digits, 2 spaces */
  char nat[192];
  if (c->mode == 64) {
    for (int i = 0; i < 16; i++) {
      snprintf(nat, sizeof nat, "%lld", (long long)c->r[r64_idx[i]]);
      reg_line(hexw, r64[i], c->r[r64_idx[i]], nat);
    }
  } else {
    for (int i = 0; i < 8; i++) {
      snprintf(nat, sizeof nat, "%d", (i32)c->r[i]);
      reg_line(hexw, r32[i], (u32)c->r[i], nat);
    }
  }
  char sb[160];
  const char *sym = symbolize(t, c->rip, sb, sizeof sb);
  reg_line(hexw, c->mode == 64 ? "rip" : "eip", c->rip, sym[0] ? sym + 1 : "");
  size_t k = 0;
  static const struct {
    u64 bit;
    const char *name;
  } fl[] = {{F_CF, "CF"}, {F_PF, "PF"}, {F_AF, "AF"}, {F_ZF, "ZF"}, {F_SF, "SF"}, {F_TF, "TF"},
            {F_IF, "IF"}, {F_DF, "DF"}, {F_OF, "OF"}, {F_AC, "AC"}, {F_ID, "ID"}};
  k += (size_t)snprintf(nat + k, sizeof nat - k, "[ ");
  for (size_t i = 0; i < ARRAY_SIZE(fl); i++)
    if (f & fl[i].bit) k += (size_t)snprintf(nat + k, sizeof nat - k, "%s ", fl[i].name);
  snprintf(nat + k, sizeof nat - k, "]");
  reg_line(hexw, "eflags", f, nat);
  for (int i = 0; i < 6; i++) {
    static const int order[6] = {SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS};
    snprintf(nat, sizeof nat, "%u", c->seg[order[i]]);
    reg_line(hexw, segn[order[i]], c->seg[order[i]], nat);
  }
  reg_line(hexw, "fs_base", c->seg_base[SEG_FS], "");
  reg_line(hexw, "gs_base", c->seg_base[SEG_GS], "");
  if (dbg_orig_ax() != ~0ull) {
    u64 v = c->mode == 64 ? dbg_orig_ax() : (u32)dbg_orig_ax();
    snprintf(nat, sizeof nat, "%lld", (long long)(c->mode == 64 ? (i64)v : (i32)v));
    reg_line(hexw, c->mode == 64 ? "orig_rax" : "orig_eax", v, nat);
  }
}

/* $name: a register's value. */
static bool reg_value(struct cpu *c, const char *name, u64 *v) {
  if (!strcmp(name, "pc") || !strcmp(name, "rip") || !strcmp(name, "eip")) {
    *v = c->rip;
    return true;
  }
  for (int i = 0; i < 16; i++) {
    if (!strcmp(name, r64[i])) {
      *v = c->r[r64_idx[i]];
      return true;
    }
  }
  for (int i = 0; i < 8; i++) {
    if (!strcmp(name, r32[i])) {
      *v = (u32)c->r[i];
      return true;
    }
  }
  if (!strcmp(name, "sp")) return reg_value(c, "rsp", v);
  return false;
}

/* ADDR: terms joined by + and -. */
static bool eval(struct task *t, const char *s, u64 *out_v) {
  u64 v = 0;
  int sign = 1;
  bool any = false;
  while (*s) {
    while (isspace((unsigned char)*s)) s++;
    char tok[128];
    size_t n = 0;
    while (*s && *s != '+' && *s != '-' && !isspace((unsigned char)*s) && n < sizeof tok - 1)
      tok[n++] = *s++;
    tok[n] = 0;
    if (!n) return false;
    u64 term;
    char *end;
    if (tok[0] == '$') {
      if (!reg_value(&t->cpu, tok + 1, &term)) return false;
    } else if (isdigit((unsigned char)tok[0])) {
      term = strtoull(tok, &end, 0);
      if (*end) return false;
    } else if (!sym_lookup(dbg_symbols(t), tok, &term)) {
      return false;
    }
    v += sign > 0 ? term : -term;
    any = true;
    while (isspace((unsigned char)*s)) s++;
    if (!*s) break;
    sign = *s == '-' ? -1 : 1;
    s++;
  }
  if (!any) return false;
  *out_v = t->cpu.mode == 32 ? (u32)v : v;
  return true;
}

static void hexdump(struct task *t, u64 addr, u64 len) {
  if (len > 4096) len = 4096;
  u8 buf[4096];
  size_t got = dbg_mem_read(t, addr, buf, len);
  for (size_t i = 0; i < got; i += 16) {
    fprintf(out, "0x%llx:", (unsigned long long)(addr + i));
    for (size_t j = i; j < i + 16; j++) {
      if (j < got)
        fprintf(out, " %02x", buf[j]);
      else
        fprintf(out, "   ");
    }
    fprintf(out, "  ");
    for (size_t j = i; j < i + 16 && j < got; j++) fputc(isprint(buf[j]) ? buf[j] : '.', out);
    fputc('\n', out);
  }
  if (got < len)
    fprintf(out, "cannot access memory at address 0x%llx\n", (unsigned long long)(addr + got));
}

/* One line from stdin, read a byte at a time; false at the end of input. */
static bool read_line(char *buf, size_t n) {
  size_t k = 0;
  for (;;) {
    char ch;
    ssize_t r = read(0, &ch, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      if (!k) return false;
      break;
    }
    if (ch == '\n') break;
    if (k < n - 1) buf[k++] = ch;
  }
  buf[k] = 0;
  return true;
}

static void help(void) {
  fputs(
      "commands: s|step [N]  n|syscall  c|continue  r|regs  x ADDR [LEN]\n"
      "          d|disas [ADDR] [N]  b ADDR|SYMBOL  w ADDR [LEN]  delete N\n"
      "          info breakpoints  q|quit\n",
      out);
}

static void show_syscall(struct task *t, const struct dbg_stop *s) {
  const char *name = sys_name((enum abi)s->abi, s->sysno);
  fprintf(out, "syscall %s(", name ? name : "?");
  for (int i = 0; i < 6; i++)
    fprintf(out, "%s0x%llx", i ? ", " : "", (unsigned long long)s->args[i]);
  fprintf(out, ") [%s %ld]\n", s->abi == ABI_I386 ? "i386" : "x86_64", s->sysno);
}

static void cli_exited(int status);

/* q: at the entry of exit or exit_group the program finishes with its own
 * status (the debugger lets go: no more stops); anywhere else it is killed
 * as gdb's quit kills it, reported like any other end, every log flushed,
 * and emu ends with the status a shell gives a program killed by SIGKILL. */
static void quit(const struct dbg_stop *s) {
  const char *name = s->why == DBG_SYSCALL_ENTRY ? sys_name((enum abi)s->abi, s->sysno) : NULL;
  if (name && (!strcmp(name, "exit_group") || !strcmp(name, "exit"))) {
    dbg_resume(DBG_RUN_FREE, 0, true);
    return;
  }
  cli_exited(SIGKILL);
  fflush(NULL);
  _exit(128 + SIGKILL);
}

/* Run commands until one resumes the program. */
static void command_loop(struct task *t, const struct dbg_stop *s) {
  struct cpu *c = &t->cpu;
  char line[256];
  for (;;) {
    fputs("(emu) ", out);
    fflush(out);
    if (!read_line(line, sizeof line)) {
      fputc('\n', out);
      dbg_resume(DBG_RUN_FREE, 0, true); /* end of input: run to the end */
      return;
    }
    char *p = line;
    while (isspace((unsigned char)*p)) p++;
    if (!*p) {
      snprintf(line, sizeof line, "%s", last_cmd); /* an empty line repeats */
    } else {
      snprintf(last_cmd, sizeof last_cmd, "%s", p);
      memmove(line, p, strlen(p) + 1);
    }
    char cmd[32] = "", a1[128] = "", a2[128] = "";
    int na = sscanf(line, "%31s %127s %127s", cmd, a1, a2);
    if (na < 1) continue;
    u64 v, w;
    if (!strcmp(cmd, "s") || !strcmp(cmd, "step") || !strcmp(cmd, "si") || !strcmp(cmd, "stepi")) {
      u64 n = na >= 2 ? strtoull(a1, NULL, 0) : 1;
      dbg_resume(DBG_RUN_STEP, n ? n : 1, true);
      return;
    } else if (!strcmp(cmd, "n") || !strcmp(cmd, "syscall")) {
      dbg_resume(DBG_RUN_SYSCALL, 0, true);
      return;
    } else if (!strcmp(cmd, "c") || !strcmp(cmd, "continue")) {
      dbg_resume(DBG_RUN_CONT, 0, true);
      return;
    } else if (!strcmp(cmd, "r") || !strcmp(cmd, "regs") ||
               (!strcmp(cmd, "info") && (!strcmp(a1, "registers") || !strcmp(a1, "r")))) {
      show_regs(t);
    } else if (!strcmp(cmd, "x")) {
      if (na < 2 || !eval(t, a1, &v)) {
        fprintf(out, "x: want ADDR [LEN]\n");
        continue;
      }
      hexdump(t, v, na >= 3 ? strtoull(a2, NULL, 0) : 64);
    } else if (!strcmp(cmd, "d") || !strcmp(cmd, "disas")) {
      v = c->rip;
      if (na >= 2 && !eval(t, a1, &v)) {
        fprintf(out, "disas: bad address '%s'\n", a1);
        continue;
      }
      disas(t, v, na >= 3 ? atoi(a2) : 8);
    } else if (!strcmp(cmd, "b") || !strcmp(cmd, "break")) {
      if (na < 2 || !eval(t, a1, &v)) {
        fprintf(out, "break: no address or symbol '%s'\n", a1);
        continue;
      }
      char sb[160];
      int num = dbg_break_add(v);
      if (num < 0)
        fprintf(out, "break: too many breakpoints\n");
      else
        fprintf(out, "Breakpoint %d at 0x%llx%s\n", num, (unsigned long long)v,
                symbolize(t, v, sb, sizeof sb));
    } else if (!strcmp(cmd, "w") || !strcmp(cmd, "watch")) {
      w = na >= 3 ? strtoull(a2, NULL, 0) : 4;
      if (na < 2 || !eval(t, a1, &v) || !dbg_watch_add(v, (int)w, DBG_WP_WRITE))
        fprintf(out, "watch: want ADDR [LEN 1-8]\n");
      else
        fprintf(out, "Watchpoint on 0x%llx, %d bytes\n", (unsigned long long)v, (int)w);
    } else if (!strcmp(cmd, "delete")) {
      if (na < 2 || !dbg_break_del(atoi(a1))) fprintf(out, "delete: no breakpoint '%s'\n", a1);
    } else if (!strcmp(cmd, "info") && (!strncmp(a1, "breakpoints", strlen(a1)) && a1[0])) {
      int num;
      u64 hits;
      char sb[160];
      if (!dbg_break_get(0, &num, &v, &hits))
        fprintf(out, "No breakpoints.\n");
      else
        fprintf(out, "Num  Address             Hits  What\n");
      for (int i = 0; dbg_break_get(i, &num, &v, &hits); i++)
        fprintf(out, "%-4d 0x%-18llx %-5llu%s\n", num, (unsigned long long)v,
                (unsigned long long)hits, symbolize(t, v, sb, sizeof sb));
    } else if (!strcmp(cmd, "q") || !strcmp(cmd, "quit")) {
      quit(s);
      return;
    } else if (!strcmp(cmd, "h") || !strcmp(cmd, "help")) {
      help();
    } else {
      fprintf(out, "unknown command '%s' (try help)\n", cmd);
    }
  }
}

static void cli_stop(struct task *t, const struct dbg_stop *s) {
  char sb[160];
  switch (s->why) {
  case DBG_START: fprintf(out, "emu: stopped at the program's first instruction\n"); break;
  case DBG_BREAK:
    fprintf(out, "Breakpoint %d, 0x%llx%s\n", s->bp, (unsigned long long)t->cpu.rip,
            symbolize(t, t->cpu.rip, sb, sizeof sb));
    break;
  case DBG_WATCH:
    fprintf(out, "Watchpoint on 0x%llx%s hit\n", (unsigned long long)s->addr,
            symbolize(t, s->addr, sb, sizeof sb));
    break;
  case DBG_SYSCALL_ENTRY: show_syscall(t, s); break;
  case DBG_SIGNAL: fprintf(out, "Program received SIG%s\n", sigabbrev_np(s->sig)); break;
  default: break;
  }
  fflush(stdout);
  disas(t, cpu_code_addr(&t->cpu, t->cpu.rip), 1);
  command_loop(t, s);
}

static void cli_exited(int status) {
  if (status & 0x7f)
    fprintf(out, "[program killed by SIG%s]\n", sigabbrev_np(status & 0x7f));
  else
    fprintf(out, "[program exited with code %d]\n", (status >> 8) & 0xff);
  fflush(out);
}

static const struct dbg_frontend cli = {.stop = cli_stop, .poll = NULL, .exited = cli_exited};

void step_cli_enable(void) {
  out = stderr;
  dbg_enable(&cli);
}
