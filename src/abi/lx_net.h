/* lx_net.h — guest socket structures (msghdr, cmsghdr, sockaddr_in,
 * sockaddr_in6, linger, ucred), byte for byte as Linux lays them out for each ABI:
 * lx64_* is x86-64, lx32_* is i386 (the compat_* types), lx_* the same on
 * both.  tests/abi_layout.c checks every field against the kernel's and the
 * C library's headers compiled -m64 and -m32. */
#ifndef EMU_LX_NET_H
#define EMU_LX_NET_H

#include "../common.h"

/* struct user_msghdr, x86-64:
 *   0 name  8 namelen(i32)  16 iov  24 iovlen  32 control  40 controllen  48 flags(i32) */
struct lx64_msghdr {
  u64 msg_name;
  i32 msg_namelen;
  u32 pad0;
  u64 msg_iov;
  u64 msg_iovlen;
  u64 msg_control;
  u64 msg_controllen;
  u32 msg_flags;
  u32 pad1;
};
_Static_assert(sizeof(struct lx64_msghdr) == 56, "lx64_msghdr");
_Static_assert(offsetof(struct lx64_msghdr, msg_flags) == 48, "lx64_msghdr.flags");

/* struct compat_msghdr:
 *   0 name  4 namelen(i32)  8 iov  12 iovlen  16 control  20 controllen  24 flags */
struct lx32_msghdr {
  u32 msg_name;
  i32 msg_namelen;
  u32 msg_iov;
  u32 msg_iovlen;
  u32 msg_control;
  u32 msg_controllen;
  u32 msg_flags;
};
_Static_assert(sizeof(struct lx32_msghdr) == 28, "lx32_msghdr");

/* struct compat_mmsghdr: the header and the byte count received or sent */
struct lx32_mmsghdr {
  struct lx32_msghdr msg_hdr;
  u32 msg_len;
};
_Static_assert(sizeof(struct lx32_mmsghdr) == 32, "lx32_mmsghdr");

/* struct compat_cmsghdr: len, level, type, then data aligned to 4 */
struct lx32_cmsghdr {
  u32 cmsg_len;
  i32 cmsg_level;
  i32 cmsg_type;
};
_Static_assert(sizeof(struct lx32_cmsghdr) == 12, "lx32_cmsghdr");

/* struct cmsghdr of x86-64: len (size_t), level, type, then the data
 * aligned to 8. */
struct lx64_cmsghdr {
  u64 cmsg_len;
  i32 cmsg_level;
  i32 cmsg_type;
};
_Static_assert(sizeof(struct lx64_cmsghdr) == 16, "lx64_cmsghdr");

/* struct sockaddr_in (linux/in.h): the port and the address in network
 * byte order, padded to the 16 bytes of struct sockaddr. */
struct lx_sockaddr_in {
  u16 sin_family;
  u16 sin_port;
  u8 sin_addr[4];
  u8 sin_zero[8];
};
_Static_assert(sizeof(struct lx_sockaddr_in) == 16, "lx_sockaddr_in");

/* struct sockaddr_in6 (linux/in6.h): the port and the address in network
 * byte order. */
struct lx_sockaddr_in6 {
  u16 sin6_family;
  u16 sin6_port;
  u32 sin6_flowinfo;
  u8 sin6_addr[16];
  u32 sin6_scope_id;
};
_Static_assert(sizeof(struct lx_sockaddr_in6) == 28, "lx_sockaddr_in6");

/* struct linger (SO_LINGER) and struct ucred (SO_PEERCRED, SCM_CREDENTIALS). */
struct lx_linger {
  i32 l_onoff;
  i32 l_linger;
};
_Static_assert(sizeof(struct lx_linger) == 8, "lx_linger");

struct lx_ucred {
  i32 pid;
  u32 uid;
  u32 gid;
};
_Static_assert(sizeof(struct lx_ucred) == 12, "lx_ucred");

#endif
