/* strace_fmt.c — the shared pieces of the system-call log's formatters and
 * the kinds of no one subject: the line buffer, guest reads, strace's string
 * quoting (string_quote/printstr), flag and value tables (printflags,
 * printxval), and the plain kinds: numbers, pointers, paths, strings,
 * buffers, an int/long/pointer behind a pointer ([n]), getrandom's flags and
 * bytes, the hex and octal results.  Mirrors strace's util.c and xlat.c
 * (non-verbose output of strace 6.1).  The kind table is strace_kinds.c; each
 * subject's kinds are in the strace_<subject>.c named after strace's own
 * source files. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

#include "../syscall/syscall.h"
#include "strace.h"
#include "strace_fmt.h"

int trc_max_strlen(void) { return trc_style.strsize > 0 ? trc_style.strsize : 32; }

/* -y: strace's printfd() with the path as readlink of /proc/self/fd/N gives
 * it (sockets, pipes and anonymous inodes as "socket:[N]"), the characters
 * strace escapes in it ('<', '>' and the unprintable) in octal. */
static void put_path(struct trc_buf *b, const char *path) {
  trc_puts(b, "<");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (*p < 0x20 || *p >= 0x7f || *p == '<' || *p == '>' || *p == '\\')
      trc_printf(b, "\\%o", *p);
    else
      trc_printf(b, "%c", *p);
  }
  trc_puts(b, ">");
}

void trc_fd(struct trc_buf *b, int fd) {
  char path[4096];
  trc_printf(b, "%d", fd);
  if (trc_style.paths && fs_fd_path(fd, path, sizeof path)) put_path(b, path);
}

void trc_dirfd(struct trc_buf *b, int fd) {
  char path[4096];
  if (fd != AT_FDCWD) return trc_fd(b, fd);
  trc_puts(b, "AT_FDCWD");
  if (trc_style.paths && getcwd(path, sizeof path)) put_path(b, path);
}

void trc_printf(struct trc_buf *b, const char *fmt, ...) {
  if (b->n >= sizeof b->s - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
  va_end(ap);
  if (r > 0) b->n += (size_t)r < sizeof b->s - b->n ? (size_t)r : sizeof b->s - b->n - 1;
}

void trc_puts(struct trc_buf *b, const char *s) { trc_printf(b, "%s", s); }

bool trc_read(const struct trc_call *c, void *dst, u64 addr, size_t n) {
  if (!addr) return false;
  return copy_from_user(c->mm, dst, addr, n) == 0;
}

u64 trc_word(const struct trc_call *c, const u8 *p) {
  if (c->m32) {
    u32 v;
    memcpy(&v, p, 4);
    return v;
  }
  u64 v;
  memcpy(&v, p, 8);
  return v;
}

long trc_sarg(const struct trc_call *c, int i) {
  return c->m32 ? (long)(i32)c->a[i] : (long)c->a[i];
}

void trc_ptr(struct trc_buf *b, const struct trc_call *c, u64 addr) {
  if (c->m32) addr = (u32)addr;
  if (!addr)
    trc_puts(b, "NULL");
  else
    trc_printf(b, "%#llx", (unsigned long long)addr);
}

const char *trc_xlat(u64 v, const struct trc_flag *tab) {
  for (; tab->name; tab++)
    if (tab->val == v) return tab->name;
  return NULL;
}

/* FLAG_A|FLAG_B|0x40, or zero's name ("0" when NULL) for no bits.  Entries
 * with value 0 are skipped: they only name the zero case. */
void trc_flags(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *zero) {
  if (!v) {
    trc_puts(b, zero ? zero : "0");
    return;
  }
  bool first = true;
  for (; tab->name; tab++) {
    if (tab->val && (v & tab->val) == tab->val) {
      trc_printf(b, "%s%s", first ? "" : "|", tab->name);
      v &= ~tab->val;
      first = false;
    }
  }
  if (v) trc_printf(b, "%s%#llx", first ? "" : "|", (unsigned long long)v);
}

/* A value's name in tab, else the value printed with fmt (one unsigned long
 * long conversion). */
void trc_xlat_fmt(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *fmt) {
  const char *n = trc_xlat(v, tab);
  if (n)
    trc_puts(b, n);
  else
    trc_printf(b, fmt, (unsigned long long)v);
}

/* A value's name in tab, else 0x.. with unk in a comment (strace's printxval with its
 * default), or the decimal value when unk is NULL. */
void trc_xlat_unk(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *unk) {
  const char *n = trc_xlat(v, tab);
  if (n)
    trc_puts(b, n);
  else if (unk)
    trc_printf(b, "%#llx /* %s */", (unsigned long long)v, unk);
  else
    trc_printf(b, "%llu", (unsigned long long)v);
}

/* strace's string_quote(): printable ASCII as is, C escapes for \t \n \v
 * \f \r, octal for the rest (three digits when a digit follows); hex for
 * every byte when asked. */
void trc_quote(struct trc_buf *b, const u8 *s, size_t n, bool nul_term, bool hex) {
  trc_puts(b, "\"");
  for (size_t i = 0; i < n; i++) {
    u8 ch = s[i];
    if (nul_term && !ch) break;
    if (hex) {
      trc_printf(b, "\\x%02x", ch);
      continue;
    }
    switch (ch) {
    case '"': trc_puts(b, "\\\""); break;
    case '\\': trc_puts(b, "\\\\"); break;
    case '\f': trc_puts(b, "\\f"); break;
    case '\n': trc_puts(b, "\\n"); break;
    case '\r': trc_puts(b, "\\r"); break;
    case '\t': trc_puts(b, "\\t"); break;
    case '\v': trc_puts(b, "\\v"); break;
    default:
      if (ch >= ' ' && ch < 0x7f) {
        trc_printf(b, "%c", ch);
      } else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
        trc_printf(b, "\\%03o", ch);
      } else {
        trc_printf(b, "\\%o", ch);
      }
    }
  }
  trc_puts(b, "\"");
}

/* A guest string: len bytes (len < 0: NUL-terminated), at most limit shown
 * (limit < 0: the strace -s default) with "..." when cut.  An unreadable
 * pointer prints as the address. */
void trc_str(struct trc_buf *b, const struct trc_call *c, u64 addr, long len, long limit) {
  static _Thread_local u8 tmp[4097];
  if (limit < 0) limit = trc_max_strlen();
  if (limit > 4096) limit = 4096;
  if (c->m32) addr = (u32)addr;
  if (!addr) {
    trc_puts(b, "NULL");
    return;
  }
  if (len >= 0) {
    size_t n = (size_t)len < (size_t)limit ? (size_t)len : (size_t)limit;
    if (n && !trc_read(c, tmp, addr, n)) {
      trc_ptr(b, c, addr);
      return;
    }
    trc_quote(b, tmp, n, false, false);
    if ((size_t)len > n) trc_puts(b, "...");
    return;
  }
  /* NUL-terminated: read byte-wise up to limit + 1 so a string ending at a
   * page edge is still shown. */
  size_t n = 0;
  for (; n <= (size_t)limit; n++) {
    if (copy_from_user(c->mm, &tmp[n], addr + n, 1)) {
      if (!n) {
        trc_ptr(b, c, addr);
        return;
      }
      break;
    }
    if (!tmp[n]) break;
  }
  bool cut = n > (size_t)limit;
  trc_quote(b, tmp, cut ? (size_t)limit : n, true, false);
  if (cut) trc_puts(b, "...");
}

static const struct trc_flag grnd[] = {
    {1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"}, {0, NULL}};

TRC_FMT(k_int) { trc_printf(b, "%d", (int)c->a[i]); }

TRC_FMT(k_uint) { trc_printf(b, "%u", (u32)c->a[i]); }

TRC_FMT(k_long) { trc_printf(b, "%ld", trc_sarg(c, i)); }

TRC_FMT(k_ulong) { trc_printf(b, "%llu", (unsigned long long)(c->m32 ? (u32)c->a[i] : c->a[i])); }

TRC_FMT(k_hex) {
  u64 v = c->a[i];
  v = c->m32 ? (u32)v : v;
  trc_printf(b, v ? "%#llx" : "0", (unsigned long long)v);
}

TRC_FMT(k_oct) { trc_printf(b, "%#03o", (u32)c->a[i]); }

TRC_FMT(k_ptr) { trc_ptr(b, c, c->a[i]); }

TRC_FMT(k_path) { trc_str(b, c, c->a[i], -1, 4096); }

TRC_FMT(k_str) { trc_str(b, c, c->a[i], -1, -1); }

TRC_FMT(k_buf_in) { trc_str(b, c, c->a[i], (long)(c->m32 ? (u32)c->a[p] : c->a[p]), -1); }

TRC_FMT(k_grnd_flags) { trc_flags(b, (u32)c->a[i], grnd, "0"); }

TRC_RV(rv_hex) { trc_printf(b, "%#llx", (unsigned long long)(c->m32 ? (u32)c->ret : (u64)c->ret)); }

TRC_RV(rv_oct) { trc_printf(b, "%#03lo", r); }

TRC_RV(rv_fd) {
  (void)c;
  trc_fd(b, (int)r);
}

TRC_FMT(k_fd) {
  (void)p;
  trc_fd(b, (int)c->a[i]);
}

TRC_FMT(k_buf_out) { trc_str(b, c, ularg(c, i), c->ret, -1); }

TRC_FMT(k_str_out) { trc_str(b, c, ularg(c, i), -1, 4096); }

/* int *, int[2] (pipe), loff_t * shown as [n] (_llseek) */
static void fmt_ints(struct trc_buf *b, const struct trc_call *c, u64 addr, int kind) {
  u8 s[8];
  size_t n = kind == K_INT_OUT ? 4 : 8;
  if (!trc_read(c, s, addr, n)) return trc_ptr(b, c, addr);
  if (kind == K_INT_OUT) {
    trc_printf(b, "[%d]", (int)rd32(s));
  } else if (kind == K_FDPAIR_OUT) {
    trc_puts(b, "[");
    trc_fd(b, (int)rd32(s));
    trc_puts(b, ", ");
    trc_fd(b, (int)rd32(s + 4));
    trc_puts(b, "]");
  } else {
    trc_printf(b, "[%lld]", (long long)rd64(s));
  }
}

TRC_FMT(k_int_out) { fmt_ints(b, c, ularg(c, i), K_INT_OUT); }

TRC_FMT(k_fdpair_out) { fmt_ints(b, c, ularg(c, i), K_FDPAIR_OUT); }

TRC_FMT(k_loff_out) { fmt_ints(b, c, ularg(c, i), K_LOFF_OUT); }

TRC_FMT(k_hexbuf_out) {
  u64 addr = ularg(c, i);
  u8 s[32];
  size_t n = (size_t)c->ret < sizeof s ? (size_t)c->ret : sizeof s;
  if (n && !trc_read(c, s, addr, n)) return trc_ptr(b, c, addr);
  trc_quote(b, s, n, false, true);
  if ((size_t)c->ret > n) trc_puts(b, "...");
}

TRC_FMT(k_intp) {
  u64 addr = ularg(c, i);
  u32 x;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &x, addr, 4)) return trc_ptr(b, c, addr);
  return trc_printf(b, "[%d]", (int)x);
}

TRC_FMT(k_loffp) {
  u64 addr = ularg(c, i);
  u64 o;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, &o, addr, 8)) return trc_ptr(b, c, addr);
  return trc_printf(b, "[%lld]", (long long)o);
}

void trc_flags_dflt(struct trc_buf *b, u64 v, const struct trc_flag *tab, const char *dflt) {
  u64 known = 0;
  for (const struct trc_flag *t = tab; t->name; t++)
    if (t->val && (v & t->val) == t->val) known |= t->val;
  if (v && !known)
    trc_printf(b, "%#llx /* %s */", (unsigned long long)v, dflt);
  else
    trc_flags(b, v, tab, "0");
}

/* void ** shown as [0x...], size_t * and unsigned int * as [n] */
static void fmt_word_at(struct trc_buf *b, const struct trc_call *c, u64 addr, int kind) {
  u8 s[8];
  size_t n = kind == K_UINTP_OUT ? 4 : c->m32 ? 4 : 8;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, s, addr, n)) return trc_ptr(b, c, addr);
  u64 x = n == 4 ? rd32(s) : rd64(s);
  if (kind != K_PTRP_OUT) return trc_printf(b, "[%llu]", (unsigned long long)x);
  trc_puts(b, "[");
  trc_ptr(b, c, x);
  return trc_puts(b, "]");
}

TRC_FMT(k_ptrp_out) { fmt_word_at(b, c, ularg(c, i), K_PTRP_OUT); }

TRC_FMT(k_ulongp_out) { fmt_word_at(b, c, ularg(c, i), K_ULONGP_OUT); }

TRC_FMT(k_uintp_out) { fmt_word_at(b, c, ularg(c, i), K_UINTP_OUT); }

TRC_FMT(k_longp) {
  u64 addr = ularg(c, i);
  u8 t[8];
  size_t w = c->m32 ? 4 : 8;
  if (!addr) return trc_puts(b, "NULL");
  if (!trc_read(c, t, addr, w)) return trc_ptr(b, c, addr);
  return trc_printf(b, "[%lld]", (long long)(c->m32 ? (i32)rd32(t) : (i64)rd64(t)));
}

const struct trc_kind_def trc_fmt_kinds[] = {
    {K_INT, .fmt = k_int},
    {K_FD, .fmt = k_fd},
    {K_UINT, .fmt = k_uint},
    {K_LONG, .fmt = k_long},
    {K_ULONG, .fmt = k_ulong},
    {K_HEX, .fmt = k_hex},
    {K_OCT, .fmt = k_oct},
    {K_PTR, .fmt = k_ptr},
    {K_PATH, .fmt = k_path},
    {K_STR, .fmt = k_str},
    {K_BUF_IN, .fmt = k_buf_in},
    {K_GRND_FLAGS, .fmt = k_grnd_flags},
    {K_BUF_OUT, .fmt = k_buf_out},
    {K_STR_OUT, .fmt = k_str_out},
    {K_INT_OUT, .fmt = k_int_out},
    {K_FDPAIR_OUT, .fmt = k_fdpair_out},
    {K_LOFF_OUT, .fmt = k_loff_out},
    {K_HEXBUF_OUT, .fmt = k_hexbuf_out},
    {K_INTP, .fmt = k_intp},
    {K_LOFFP, .fmt = k_loffp},
    {K_PTRP_OUT, .fmt = k_ptrp_out},
    {K_ULONGP_OUT, .fmt = k_ulongp_out},
    {K_UINTP_OUT, .fmt = k_uintp_out},
    {K_LONGP, .fmt = k_longp},
    {.kind = K_NONE},
};

const struct trc_rv_def trc_fmt_rvs[] = {
    {RV_HEX, rv_hex},
    {RV_OCT, rv_oct},
    {RV_FD, rv_fd},
    {0, NULL},
};
