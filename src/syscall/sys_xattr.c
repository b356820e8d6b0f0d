/* sys_xattr.c — the extended-attribute calls: {,l,f}setxattr, {,l,f}getxattr,
 * {,l,f}listxattr, {,l,f}removexattr.  Mirrors linux fs/xattr.c.
 *
 * The guest's pointers (path, name, value, list) are handed to the host call
 * translated by fs_ubuf(), so the host kernel checks them in its own order:
 * setxattr copies the name and the value before it looks the path up,
 * getxattr looks the path up, then the name, and writes the value last (after
 * ERANGE).  Sizes, E2BIG, ERANGE, ENODATA and EOPNOTSUPP are the host's.
 * The layouts are the same in both ABIs (size_t arguments arrive
 * zero-extended from i386), so one handler serves both tables.
 */
#define _GNU_SOURCE
#include <limits.h>

#include "fs.h"

#include "sys_misc.h"

/* XATTR_NAME_MAX + 1: what the kernel's strncpy_from_user reads of a name. */
#define XA_NAME_LEN 256

static void *xa_str(struct task *t, u64 addr, u64 n) { return fs_ubuf(t, addr, &n); }

static void *xa_buf(struct task *t, u64 addr, u64 size) {
  if (!size) return addr ? fs_ubuf(t, addr, &size) : NULL;
  return fs_ubuf(t, addr, &size);
}

SYS_DEFINE5(setxattr, u64, path, u64, name, u64, value, u64, size, int, flags) {
  return FS_HOST(SYS_setxattr, xa_str(t, path, PATH_MAX), xa_str(t, name, XA_NAME_LEN),
                 xa_buf(t, value, size), (size_t)size, flags);
}
SYS_DEFINE5(lsetxattr, u64, path, u64, name, u64, value, u64, size, int, flags) {
  return FS_HOST(SYS_lsetxattr, xa_str(t, path, PATH_MAX), xa_str(t, name, XA_NAME_LEN),
                 xa_buf(t, value, size), (size_t)size, flags);
}
SYS_DEFINE5(fsetxattr, int, fd, u64, name, u64, value, u64, size, int, flags) {
  return FS_HOST(SYS_fsetxattr, fd, xa_str(t, name, XA_NAME_LEN), xa_buf(t, value, size),
                 (size_t)size, flags);
}

SYS_DEFINE4(getxattr, u64, path, u64, name, u64, value, u64, size) {
  return FS_HOST(SYS_getxattr, xa_str(t, path, PATH_MAX), xa_str(t, name, XA_NAME_LEN),
                 xa_buf(t, value, size), (size_t)size);
}
SYS_DEFINE4(lgetxattr, u64, path, u64, name, u64, value, u64, size) {
  return FS_HOST(SYS_lgetxattr, xa_str(t, path, PATH_MAX), xa_str(t, name, XA_NAME_LEN),
                 xa_buf(t, value, size), (size_t)size);
}
SYS_DEFINE4(fgetxattr, int, fd, u64, name, u64, value, u64, size) {
  return FS_HOST(SYS_fgetxattr, fd, xa_str(t, name, XA_NAME_LEN), xa_buf(t, value, size),
                 (size_t)size);
}

SYS_DEFINE3(listxattr, u64, path, u64, list, u64, size) {
  return FS_HOST(SYS_listxattr, xa_str(t, path, PATH_MAX), xa_buf(t, list, size), (size_t)size);
}
SYS_DEFINE3(llistxattr, u64, path, u64, list, u64, size) {
  return FS_HOST(SYS_llistxattr, xa_str(t, path, PATH_MAX), xa_buf(t, list, size), (size_t)size);
}
SYS_DEFINE3(flistxattr, int, fd, u64, list, u64, size) {
  return FS_HOST(SYS_flistxattr, fd, xa_buf(t, list, size), (size_t)size);
}

SYS_DEFINE2(removexattr, u64, path, u64, name) {
  return FS_HOST(SYS_removexattr, xa_str(t, path, PATH_MAX), xa_str(t, name, XA_NAME_LEN));
}
SYS_DEFINE2(lremovexattr, u64, path, u64, name) {
  return FS_HOST(SYS_lremovexattr, xa_str(t, path, PATH_MAX), xa_str(t, name, XA_NAME_LEN));
}
SYS_DEFINE2(fremovexattr, int, fd, u64, name) {
  return FS_HOST(SYS_fremovexattr, fd, xa_str(t, name, XA_NAME_LEN));
}
