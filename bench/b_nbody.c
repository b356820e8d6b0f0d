/* b_nbody.c — floating point: the n-body simulation and a mandelbrot sum, in doubles. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct body {
  double x, y, z, vx, vy, vz, m;
};

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 1;
  struct body b[5] = {{0, 0, 0, 0, 0, 0, 39.47},
                      {4.84, -1.16, -0.10, 0.60, 2.81, -0.02, 0.037},
                      {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
                      {12.89, -15.11, -0.22, 1.08, 0.86, -0.01, 0.0017},
                      {15.37, -25.91, 0.17, 0.97, 0.59, -0.03, 0.002}};
  for (int step = 0; step < 100000 * reps; step++) {
    for (int i = 0; i < 5; i++)
      for (int j = i + 1; j < 5; j++) {
        double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
        double d2 = dx * dx + dy * dy + dz * dz, mag = 0.01 / (d2 * sqrt(d2));
        b[i].vx -= dx * b[j].m * mag;
        b[i].vy -= dy * b[j].m * mag;
        b[i].vz -= dz * b[j].m * mag;
        b[j].vx += dx * b[i].m * mag;
        b[j].vy += dy * b[i].m * mag;
        b[j].vz += dz * b[i].m * mag;
      }
    for (int i = 0; i < 5; i++) {
      b[i].x += 0.01 * b[i].vx;
      b[i].y += 0.01 * b[i].vy;
      b[i].z += 0.01 * b[i].vz;
    }
  }
  long inside = 0;
  for (int y = 0; y < 100 * reps; y++)
    for (int x = 0; x < 200; x++) {
      double cr = -2.0 + x * 0.0125, ci = -1.0 + (y % 100) * 0.02, zr = 0, zi = 0;
      int k = 0;
      while (k < 100 && zr * zr + zi * zi < 4) {
        double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        k++;
      }
      inside += k == 100;
    }
  printf("%.6f %ld\n", b[0].x + b[1].y, inside);
  return 0;
}
