/* lx_fs.h — guest file-system structures (stat, statx, statfs, flock,
 * file handles, openat2's open_how, mount_attr, the terminal's termios),
 * byte for byte as Linux lays them out for each ABI: lx64_* is x86-64,
 * lx32_* is i386 (compat_* types as an i386 program sees them), lx_* the
 * same on both.  Never the host's structures.  tests/abi_layout.c checks
 * every field against the kernel's uapi headers compiled -m64 and -m32. */
#ifndef EMU_LX_FS_H
#define EMU_LX_FS_H

#include "../common.h"

/* off_t of each ABI (__kernel_off_t, a long), as sendfile's offset. */
typedef i64 lx64_off_t;
typedef i32 lx32_off_t;

/* --- x86-64 ------------------------------------------------------------- */

/* struct stat, x86-64 (arch/x86/include/uapi/asm/stat.h):
 *    0 dev   8 ino  16 nlink  24 mode  28 uid  32 gid  36 pad  40 rdev
 *   48 size 56 blksize 64 blocks 72 atime 80 atime_nsec 88 mtime 96 .nsec
 *  104 ctime 112 .nsec 120 unused[3]                                 = 144 */
struct lx64_stat {
  u64 st_dev;
  u64 st_ino;
  u64 st_nlink;
  u32 st_mode;
  u32 st_uid;
  u32 st_gid;
  u32 pad0;
  u64 st_rdev;
  i64 st_size;
  i64 st_blksize;
  i64 st_blocks;
  u64 st_atime_sec;
  u64 st_atime_nsec;
  u64 st_mtime_sec;
  u64 st_mtime_nsec;
  u64 st_ctime_sec;
  u64 st_ctime_nsec;
  i64 unused[3];
};
_Static_assert(sizeof(struct lx64_stat) == 144, "lx64_stat size");
_Static_assert(offsetof(struct lx64_stat, st_mode) == 24, "lx64_stat st_mode");
_Static_assert(offsetof(struct lx64_stat, st_rdev) == 40, "lx64_stat st_rdev");
_Static_assert(offsetof(struct lx64_stat, st_size) == 48, "lx64_stat st_size");
_Static_assert(offsetof(struct lx64_stat, st_atime_sec) == 72, "lx64_stat st_atime");
_Static_assert(offsetof(struct lx64_stat, st_ctime_nsec) == 112, "lx64_stat st_ctime_nsec");

/* struct statfs, x86-64 (include/uapi/asm-generic/statfs.h, long words):
 *    0 type  8 bsize  16 blocks  24 bfree  32 bavail  40 files  48 ffree
 *   56 fsid[2] (int)  64 namelen  72 frsize  80 flags  88 spare[4]   = 120 */
struct lx64_statfs {
  i64 f_type;
  i64 f_bsize;
  u64 f_blocks;
  u64 f_bfree;
  u64 f_bavail;
  u64 f_files;
  u64 f_ffree;
  i32 f_fsid[2];
  i64 f_namelen;
  i64 f_frsize;
  i64 f_flags;
  i64 f_spare[4];
};
_Static_assert(sizeof(struct lx64_statfs) == 120, "lx64_statfs size");
_Static_assert(offsetof(struct lx64_statfs, f_fsid) == 56, "lx64_statfs f_fsid");
_Static_assert(offsetof(struct lx64_statfs, f_flags) == 80, "lx64_statfs f_flags");

/* struct statx (include/uapi/linux/stat.h): the same on every ABI, so the
 * host kernel fills this one directly. */
struct lx_statx_timestamp {
  i64 tv_sec;
  u32 tv_nsec;
  i32 reserved;
};
struct lx_statx {
  u32 stx_mask;                                                         /*   0 */
  u32 stx_blksize;                                                      /*   4 */
  u64 stx_attributes;                                                   /*   8 */
  u32 stx_nlink;                                                        /*  16 */
  u32 stx_uid;                                                          /*  20 */
  u32 stx_gid;                                                          /*  24 */
  u16 stx_mode;                                                         /*  28 */
  u16 spare0;                                                           /*  30 */
  u64 stx_ino;                                                          /*  32 */
  u64 stx_size;                                                         /*  40 */
  u64 stx_blocks;                                                       /*  48 */
  u64 stx_attributes_mask;                                              /*  56 */
  struct lx_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime; /* 64..128 */
  u32 stx_rdev_major;                                                   /* 128 */
  u32 stx_rdev_minor;                                                   /* 132 */
  u32 stx_dev_major;                                                    /* 136 */
  u32 stx_dev_minor;                                                    /* 140 */
  u64 stx_mnt_id;                                                       /* 144 */
  u32 stx_dio_mem_align;                                                /* 152 */
  u32 stx_dio_offset_align;                                             /* 156 */
  u64 stx_subvol;                                                       /* 160 */
  u32 stx_atomic_write_unit_min;                                        /* 168 */
  u32 stx_atomic_write_unit_max;                                        /* 172 */
  u32 stx_atomic_write_segments_max;                                    /* 176 */
  u32 stx_dio_read_offset_align;                                        /* 180 */
  u32 stx_atomic_write_unit_max_opt;                                    /* 184 */
  u32 spare2;                                                           /* 188 */
  u64 spare3[8];                                                        /* 192 */
};
_Static_assert(sizeof(struct lx_statx_timestamp) == 16, "lx_statx_timestamp size");
_Static_assert(sizeof(struct lx_statx) == 256, "lx_statx size");
_Static_assert(offsetof(struct lx_statx, stx_atime) == 64, "lx_statx stx_atime");
_Static_assert(offsetof(struct lx_statx, stx_rdev_major) == 128, "lx_statx stx_rdev_major");
_Static_assert(offsetof(struct lx_statx, stx_mnt_id) == 144, "lx_statx stx_mnt_id");

/* struct flock, x86-64 layout (include/uapi/asm-generic/fcntl.h):
 *   0 l_type  2 l_whence  4 pad  8 l_start  16 l_len  24 l_pid  28 pad */
struct lx64_flock {
  i16 l_type;
  i16 l_whence;
  u32 pad0;
  i64 l_start;
  i64 l_len;
  i32 l_pid;
  u32 pad1;
};
_Static_assert(sizeof(struct lx64_flock) == 32, "lx64_flock size");
_Static_assert(offsetof(struct lx64_flock, l_start) == 8, "lx64_flock l_start");
_Static_assert(offsetof(struct lx64_flock, l_len) == 16, "lx64_flock l_len");
_Static_assert(offsetof(struct lx64_flock, l_pid) == 24, "lx64_flock l_pid");

/* struct f_owner_ex: { int type; pid_t pid; } on every ABI. */
struct lx_f_owner_ex {
  i32 type;
  i32 pid;
};
_Static_assert(sizeof(struct lx_f_owner_ex) == 8, "lx_f_owner_ex size");

/* --- i386 ---------------------------------------------------------------
 * Layouts of arch/x86/include/asm/compat.h and include/linux/compat.h as an
 * i386 program sees them on an x86-64 kernel. */

/* struct compat_stat (i386 struct stat, 64 bytes):
 *    0 dev  4 ino  8 mode(16) 10 nlink(16) 12 uid(16) 14 gid(16) 16 rdev
 *   20 size 24 blksize 28 blocks 32 atime 36 .nsec 40 mtime 44 .nsec
 *   48 ctime 52 .nsec 56 unused4 60 unused5                            = 64 */
struct lx32_stat {
  u32 st_dev;
  u32 st_ino;
  u16 st_mode;
  u16 st_nlink;
  u16 st_uid;
  u16 st_gid;
  u32 st_rdev;
  u32 st_size;
  u32 st_blksize;
  u32 st_blocks;
  u32 st_atime_sec;
  u32 st_atime_nsec;
  u32 st_mtime_sec;
  u32 st_mtime_nsec;
  u32 st_ctime_sec;
  u32 st_ctime_nsec;
  u32 unused4;
  u32 unused5;
};
_Static_assert(sizeof(struct lx32_stat) == 64, "lx32_stat size");
_Static_assert(offsetof(struct lx32_stat, st_uid) == 12, "lx32_stat st_uid");
_Static_assert(offsetof(struct lx32_stat, st_size) == 20, "lx32_stat st_size");
_Static_assert(offsetof(struct lx32_stat, st_ctime_nsec) == 52, "lx32_stat st_ctime_nsec");

/* struct stat64 of i386 (arch/x86/include/uapi/asm/stat.h), packed:
 *    0 dev(64)  8 pad0[4]  12 __st_ino  16 mode  20 nlink  24 uid  28 gid
 *   32 rdev(64) 40 pad3[4] 44 size(64)  52 blksize 56 blocks(64)
 *   64 atime 68 .nsec 72 mtime 76 .nsec 80 ctime 84 .nsec 88 ino(64)  = 96 */
struct __attribute__((packed)) lx32_stat64 {
  u64 st_dev;
  u8 pad0[4];
  u32 st_ino32;
  u32 st_mode;
  u32 st_nlink;
  u32 st_uid;
  u32 st_gid;
  u64 st_rdev;
  u8 pad3[4];
  i64 st_size;
  u32 st_blksize;
  u64 st_blocks;
  u32 st_atime_sec;
  u32 st_atime_nsec;
  u32 st_mtime_sec;
  u32 st_mtime_nsec;
  u32 st_ctime_sec;
  u32 st_ctime_nsec;
  u64 st_ino;
};
_Static_assert(sizeof(struct lx32_stat64) == 96, "lx32_stat64 size");
_Static_assert(offsetof(struct lx32_stat64, st_ino32) == 12, "lx32_stat64 __st_ino");
_Static_assert(offsetof(struct lx32_stat64, st_rdev) == 32, "lx32_stat64 st_rdev");
_Static_assert(offsetof(struct lx32_stat64, st_size) == 44, "lx32_stat64 st_size");
_Static_assert(offsetof(struct lx32_stat64, st_blocks) == 56, "lx32_stat64 st_blocks");
_Static_assert(offsetof(struct lx32_stat64, st_ino) == 88, "lx32_stat64 st_ino");

/* struct compat_statfs (i386 struct statfs): 32-bit words,
 *    0 type 4 bsize 8 blocks 12 bfree 16 bavail 20 files 24 ffree
 *   28 fsid[2] 36 namelen 40 frsize 44 flags 48 spare[4]              = 64 */
struct lx32_statfs {
  i32 f_type;
  i32 f_bsize;
  u32 f_blocks;
  u32 f_bfree;
  u32 f_bavail;
  u32 f_files;
  u32 f_ffree;
  i32 f_fsid[2];
  i32 f_namelen;
  i32 f_frsize;
  i32 f_flags;
  i32 f_spare[4];
};
_Static_assert(sizeof(struct lx32_statfs) == 64, "lx32_statfs size");
_Static_assert(offsetof(struct lx32_statfs, f_fsid) == 28, "lx32_statfs f_fsid");
_Static_assert(offsetof(struct lx32_statfs, f_flags) == 44, "lx32_statfs f_flags");

/* struct compat_statfs64 (i386 struct statfs64), packed, aligned(4):
 *    0 type 4 bsize 8 blocks(64) 16 bfree 24 bavail 32 files 40 ffree
 *   48 fsid[2] 56 namelen 60 frsize 64 flags 68 spare[4]              = 84 */
struct __attribute__((packed, aligned(4))) lx32_statfs64 {
  u32 f_type;
  u32 f_bsize;
  u64 f_blocks;
  u64 f_bfree;
  u64 f_bavail;
  u64 f_files;
  u64 f_ffree;
  i32 f_fsid[2];
  u32 f_namelen;
  u32 f_frsize;
  u32 f_flags;
  u32 f_spare[4];
};
_Static_assert(sizeof(struct lx32_statfs64) == 84, "lx32_statfs64 size");
_Static_assert(offsetof(struct lx32_statfs64, f_fsid) == 48, "lx32_statfs64 f_fsid");
_Static_assert(offsetof(struct lx32_statfs64, f_flags) == 64, "lx32_statfs64 f_flags");

/* struct compat_flock: 0 type(16) 2 whence(16) 4 start 8 len 12 pid = 16 */
struct lx32_flock {
  i16 l_type;
  i16 l_whence;
  i32 l_start;
  i32 l_len;
  i32 l_pid;
};
_Static_assert(sizeof(struct lx32_flock) == 16, "lx32_flock size");
_Static_assert(offsetof(struct lx32_flock, l_pid) == 12, "lx32_flock l_pid");

/* struct compat_flock64, packed:
 *   0 type(16) 2 whence(16) 4 start(64) 12 len(64) 20 pid             = 24 */
struct __attribute__((packed)) lx32_flock64 {
  i16 l_type;
  i16 l_whence;
  i64 l_start;
  i64 l_len;
  i32 l_pid;
};
_Static_assert(sizeof(struct lx32_flock64) == 24, "lx32_flock64 size");
_Static_assert(offsetof(struct lx32_flock64, l_len) == 12, "lx32_flock64 l_len");
_Static_assert(offsetof(struct lx32_flock64, l_pid) == 20, "lx32_flock64 l_pid");

/* struct file_handle (fs/fhandle.c): the header before f_handle[handle_bytes]. */
struct lx_file_handle {
  u32 handle_bytes;
  i32 handle_type;
};
_Static_assert(sizeof(struct lx_file_handle) == 8, "lx_file_handle");

/* struct open_how (linux/openat2.h), openat2's argument: three u64s, the
 * same in both ABIs.  Extensible: the first version is 24 bytes; the kernel
 * accepts larger sizes up to a page when the bytes it does not know are zero. */
struct lx_open_how {
  u64 flags;
  u64 mode;
  u64 resolve;
};
#define LX_OPEN_HOW_SIZE_VER0 24
_Static_assert(sizeof(struct lx_open_how) == LX_OPEN_HOW_SIZE_VER0, "lx_open_how");

/* struct mount_attr (linux/mount.h), mount_setattr's argument: four u64s,
 * the same in both ABIs; extensible like open_how. */
struct lx_mount_attr {
  u64 attr_set;
  u64 attr_clr;
  u64 propagation;
  u64 userns_fd;
};
#define LX_MOUNT_ATTR_SIZE_VER0 32
_Static_assert(sizeof(struct lx_mount_attr) == LX_MOUNT_ATTR_SIZE_VER0, "lx_mount_attr");

/* The kernel's struct termios (TCGETS/TCSETS), not glibc's: the same in the
 * i386 and x86-64 ABIs.  4 flag words, the line discipline, 19 control chars. */
#define LX_NCCS 19
struct lx_termios {
  u32 c_iflag, c_oflag, c_cflag, c_lflag;
  u8 c_line;
  u8 c_cc[LX_NCCS];
};
_Static_assert(sizeof(struct lx_termios) == 36, "lx_termios");

struct lx_winsize {
  u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};
_Static_assert(sizeof(struct lx_winsize) == 8, "lx_winsize");

#endif
