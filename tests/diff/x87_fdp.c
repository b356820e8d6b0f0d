/* x87_fdp.c — FOP and FDP after the x87 memory forms whose operand is
 * base+disp or base+index*scale+disp (the forms emu runs through its
 * specialized handlers, fast_x87_mem.c), in both ABIs: loads and stores of
 * each operand size, integer and BCD-free, read back with FNSTENV.  FDP is
 * printed as its distance from the operand's address (the stack is placed
 * differently under emu), FOP whole.
 */
// diff-x87ptr-mask: fop [0-9a-f]+ fdp-operand -?[0-9]+ -- Intel's processors keep FOP and FDP only for an instruction that takes an unmasked exception
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned char env[28];

static void show(const char *what, const volatile void *operand) {
  uint16_t fop;
  uint32_t fdp;
  memcpy(&fop, env + 18, 2);
  memcpy(&fdp, env + 20, 4);
  printf("%-22s fop %03x fdp-operand %ld\n", what, fop & 0x7ff,
         (long)((int64_t)fdp - (int64_t)(uint32_t)(uintptr_t)operand));
}

int main(void) {
  volatile double d[4] = {0.5, 1.25, -3.0, 8.0};
  volatile float f[4] = {0.5f, 1.5f, 2.5f, 3.5f};
  volatile int32_t i32[4] = {1, 2, 3, 4};
  volatile int16_t i16[4] = {5, 6, 7, 8};
  volatile int64_t i64[4] = {9, 10, 11, 12};
  volatile long double ld[2] = {1.0L, 2.0L};
  long k = 2;
  __asm__ volatile("fninit");

  __asm__ volatile("fldl 8(%1); fnstenv %0" : "=m"(env) : "r"(d) : "memory");
  show("fld m64 base+disp", &d[1]);
  __asm__ volatile("faddl (%1,%2,8); fnstenv %0" : "=m"(env) : "r"(d), "r"(k) : "memory");
  show("fadd m64 base+index", &d[2]);
  __asm__ volatile("fmuls 4(%1,%2,4); fnstenv %0" : "=m"(env) : "r"(f), "r"(k) : "memory");
  show("fmul m32 base+index", &f[3]);
  __asm__ volatile("fcoms (%1); fnstenv %0" : "=m"(env) : "r"(f) : "memory");
  show("fcom m32 base", &f[0]);
  __asm__ volatile("fiaddl 4(%1); fnstenv %0" : "=m"(env) : "r"(i32) : "memory");
  show("fiadd m32int base+disp", &i32[1]);
  __asm__ volatile("fimuls (%1,%2,2); fnstenv %0" : "=m"(env) : "r"(i16), "r"(k) : "memory");
  show("fimul m16int base+idx", &i16[2]);
  __asm__ volatile("fildll 24(%1); fnstenv %0" : "=m"(env) : "r"(i64) : "memory");
  show("fild m64int base+disp", &i64[3]);
  __asm__ volatile("fldt (%1); fnstenv %0" : "=m"(env) : "r"(ld) : "memory");
  show("fld m80 base", &ld[0]);
  __asm__ volatile("fstpt (%1); fnstenv %0" : "=m"(env) : "r"(&ld[1]) : "memory");
  show("fstp m80 base", &ld[1]);
  __asm__ volatile("fistpll (%1,%2,8); fnstenv %0" : "=m"(env) : "r"(i64), "r"(k) : "memory");
  show("fistp m64int base+idx", &i64[2]);
  __asm__ volatile("fistl 8(%1); fnstenv %0" : "=m"(env) : "r"(i32) : "memory");
  show("fist m32int base+disp", &i32[2]);
  __asm__ volatile("fsts (%1,%2,4); fnstenv %0" : "=m"(env) : "r"(f), "r"(k) : "memory");
  show("fst m32 base+index", &f[2]);
  __asm__ volatile("fstpl 24(%1); fnstenv %0" : "=m"(env) : "r"(d) : "memory");
  show("fstp m64 base+disp", &d[3]);
  __asm__ volatile("fninit");
  printf("%g %g %g %g | %g %g | %d %d | %lld %lld | %Lg\n", d[0], d[1], d[2], d[3], f[2], f[3],
         i32[1], i32[2], (long long)i64[2], (long long)i64[3], ld[1]);
  return 0;
}
