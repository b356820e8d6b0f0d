/* sys_dir32.c — the i386 ABI of directory reading: getdents with struct
 * compat_linux_dirent, getdents64, and the directory offsets that lseek and
 * _llseek take and return.
 *
 * Mirrors fs/readdir.c (compat_filldir, compat_sys_getdents) and, for the
 * offsets, fs/ext4/dir.c: an ext4 directory read through the hash tree
 * (is_dx_dir) reports positions built from the name hash, and they depend on
 * the caller's ABI (is_32bit_api(), i.e. in_compat_syscall()):
 *
 *   64-bit caller:  pos = (major >> 1) << 32 | minor    end: 0x7fffffffffffffff
 *   32-bit caller:  pos =  major >> 1                    end: 0x7fffffff
 *
 * emu reads directories with x86-64 calls, so for such a directory the i386
 * guest sees host positions shifted right by 32 (the end marker included), and
 * a guest position p is the host's p << 32 (minor hash 0, exactly where the
 * kernel resumes for a 32-bit p); lseek follows generic_file_llseek_size()
 * with the 32-bit end as both limit and end of file.  Every other directory
 * has the same offsets for both ABIs.
 */
#define _GNU_SOURCE
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "fs.h"

#define EXT4_MAGIC          0xEF53
#define EXT4_INDEX_FL       0x00001000 /* hash-indexed directory */
#define EXT4_INLINE_DATA_FL 0x10000000
#define HTREE_EOF32         0x7fffffffll
#define HTREE_EOF64         0x7fffffffffffffffll

bool fs32_dir_hashpos(int fd) {
  struct statfs sf;
  struct stat st;
  if (fstatfs(fd, &sf) || sf.f_type != EXT4_MAGIC) return false;
  if (fstat(fd, &st) || !S_ISDIR(st.st_mode)) return false;
  /* is_dx_dir(): indexed, exactly one block, or inline data (dir_index on) */
  if (st.st_blksize > 0 && st.st_size / st.st_blksize == 1) return true;
  int fl = 0;
  return !ioctl(fd, FS_IOC_GETFLAGS, &fl) && (fl & (EXT4_INDEX_FL | EXT4_INLINE_DATA_FL));
}

i64 fs32_dir_pos_to_guest(i64 host) { return host == HTREE_EOF64 ? HTREE_EOF32 : host >> 32; }

i64 fs32_dir_pos_to_host(i64 guest) { return guest >= HTREE_EOF32 ? HTREE_EOF64 : guest << 32; }

/* generic_file_llseek_size(file, off, whence, maxsize = eof = 0x7fffffff) on
 * the guest's view of a hash-position directory. */
static i64 hashdir_llseek(int fd, i64 off, u32 whence) {
  i64 host = lseek(fd, 0, SEEK_CUR);
  if (host < 0) return -errno;
  i64 cur = fs32_dir_pos_to_guest(host), pos;
  switch (whence) {
  case SEEK_SET: pos = off; break;
  case SEEK_CUR:
    if (off == 0) return cur;
    pos = cur + off;
    break;
  case SEEK_END: pos = off + HTREE_EOF32; break;
  case SEEK_DATA:
    if ((u64)off >= HTREE_EOF32) return -ENXIO;
    pos = off;
    break;
  case SEEK_HOLE:
    if ((u64)off >= HTREE_EOF32) return -ENXIO;
    pos = HTREE_EOF32;
    break;
  default: return -EINVAL;
  }
  if (pos < 0 || pos > HTREE_EOF32) return -EINVAL;
  /* vfs_setpos() leaves an unchanged position alone (and the kernel's
   * readdir state with it) */
  if (pos != cur) {
    i64 r = lseek(fd, fs32_dir_pos_to_host(pos), SEEK_SET);
    if (r < 0) return -errno;
  }
  return pos;
}

/* lseek for an i386 task: the directory view above, otherwise the host's
 * (ksys_lseek with a 64-bit off_t: no EOVERFLOW on x86-64, the result is
 * cut to 32 bits by the return path). */
long fs32_lseek(int fd, i64 off, u32 whence) {
  if (fs_proc_mem(fd)) return fs_proc_mem_lseek(fd, off, whence);
  if (whence <= SEEK_MAX && fs32_dir_hashpos(fd)) return hashdir_llseek(fd, off, whence);
  return FS_HOST(SYS_lseek, fd, off, whence);
}

SYS_DEFINE3(lseek32, int, fd, i64, off, u32, whence) { return fs32_lseek(fd, off, whence); }

/* sys_llseek(): EBADF, then EINVAL for whence > SEEK_MAX (the host's lseek
 * checks in the same order), then the seek; the result is stored after it. */
SYS_DEFINE5(llseek32, int, fd, u32, hi, u32, lo, u64, uresult, u32, whence) {
  long r = fs32_lseek(fd, (i64)((u64)hi << 32 | lo), whence);
  if (r < 0) return r;
  i64 off = r;
  return copy_to_user(MM(t), uresult, &off, sizeof off) ? -EFAULT : 0;
}

/* getdents64 of i386: the host writes the records into the guest's buffer;
 * on a hash-position directory their d_off are then rewritten. */
SYS_DEFINE3(getdents64_32, int, fd, u64, ubuf, u32, count) {
  long n = sys_getdents64(t, (const u64[6]){(u32)fd, ubuf, count});
  if (n <= 0 || !fs32_dir_hashpos(fd)) return n;
  for (long off = 0; off + 19 <= n;) {
    u64 rec = ubuf + off;
    i64 d_off;
    u16 reclen;
    if (copy_from_user(MM(t), &d_off, rec + 8, 8) || copy_from_user(MM(t), &reclen, rec + 16, 2) ||
        !reclen)
      break;
    d_off = fs32_dir_pos_to_guest(d_off);
    if (copy_to_user(MM(t), rec + 8, &d_off, 8)) break;
    off += reclen;
  }
  return n;
}

/* --- getdents with struct compat_linux_dirent -------------------------------
 * compat_filldir(): records of ALIGN(10 + namelen + 2, 4) bytes (d_ino and
 * d_off 32 bits, d_type in the last byte); an inode number that does not fit
 * is EOVERFLOW; a record that does not fit the rest of the buffer ends the
 * call (EINVAL when it is the first).  The kernel writes d_ino, d_off,
 * d_reclen, the name with its NUL and d_type, and leaves the padding bytes.
 *
 * emu reads the host's linux_dirent64 records and converts them.  A 32-bit
 * record is never longer than the 64-bit one, so a host read of at most the
 * space left always fits; when the host's next record is too long for that
 * space, one more read fetches it, and the directory is sought back to just
 * before the first record that was read and not delivered (its predecessor's
 * d_off), where the native call would have stopped. */

struct host_dirent64 {
  u64 d_ino;
  i64 d_off;
  u16 d_reclen;
  u8 d_type;
  char d_name[];
};

/* Deliver one record at ubuf + *done; 0, -EINVAL (no room), -EOVERFLOW or
 * -EFAULT. */
static long put_dirent32(struct task *t, u64 ubuf, u32 count, u32 *done,
                         const struct host_dirent64 *d, bool hashpos) {
  u32 namelen = strlen(d->d_name);
  u32 reclen = lx32_dirent_reclen(namelen);
  if (reclen > count - *done) return -EINVAL;
  if (d->d_ino != (u32)d->d_ino) return -EOVERFLOW;
  u64 at = ubuf + *done;
  struct lx32_dirent h = {.d_ino = (u32)d->d_ino,
                          .d_off = (u32)(hashpos ? fs32_dir_pos_to_guest(d->d_off) : d->d_off),
                          .d_reclen = reclen};
  u8 type = d->d_type;
  if (copy_to_user(MM(t), at, &h, offsetof(struct lx32_dirent, d_name)) ||
      copy_to_user(MM(t), at + offsetof(struct lx32_dirent, d_name), d->d_name, namelen + 1) ||
      copy_to_user(MM(t), at + reclen - 1, &type, 1))
    return -EFAULT;
  *done += reclen;
  return 0;
}

SYS_DEFINE3(getdents32, int, fd, u64, ubuf, u32, count) {
  enum { HOSTBUF = 32768, ONE = 512 /* > any one linux_dirent64 */ };
  char *hb = malloc(HOSTBUF);
  if (!hb) return -ENOMEM;
  u32 done = 0;
  long err = 0;
  i64 before = lseek(fd, 0, SEEK_CUR); /* where the next record starts */
  bool hashpos = fs32_dir_hashpos(fd), hide = fs_proc_fd_dir(fd);
  for (;;) {
    u32 left = count - done;
    long n = FS_HOST(SYS_getdents64, fd, hb, left < HOSTBUF ? left : HOSTBUF);
    if (n == -EINVAL && left < HOSTBUF) /* the next record is longer in 64 bits */
      n = FS_HOST(SYS_getdents64, fd, hb, ONE);
    if (n <= 0) {
      err = n;
      break;
    }
    long off = 0, r = 0;
    while (off < n) {
      const struct host_dirent64 *d = (const void *)(hb + off);
      if (!(hide && fs_fd_reserved_name(d->d_name)) &&
          (r = put_dirent32(t, ubuf, count, &done, d, hashpos)) < 0)
        break;
      before = d->d_off;
      off += d->d_reclen;
    }
    if (r < 0) {
      /* Stopped inside this read: go back to before the first record not
       * delivered, as the kernel's position would be. */
      if (before >= 0) lseek(fd, before, SEEK_SET);
      err = r;
      break;
    }
  }
  free(hb);
  if (done) return done;
  return err;
}
