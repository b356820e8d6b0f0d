/* vdso_service.h — the services emu's vDSO asks for at emu_vdso_service
 * (in eax), shared by the vDSO sources and src/kernel/vdso_time.c.  The
 * numbers are no system call's (the entry serves them only from that one
 * instruction of the vDSO). */
#ifndef EMU_VDSO_SERVICE_H
#define EMU_VDSO_SERVICE_H
#define VDSO_SVC_CLOCK_GETTIME   0x7e000001
#define VDSO_SVC_GETTIMEOFDAY    0x7e000002
#define VDSO_SVC_TIME            0x7e000003
#define VDSO_SVC_GETCPU          0x7e000004
#define VDSO_SVC_CLOCK_GETRES    0x7e000005
#define VDSO_SVC_CLOCK_GETTIME64 0x7e000006 /* i386: the answer's seconds are 64-bit */
#endif
