// The floor of a folder walk for the filedb bench: opendir/readdir every folder, fstatat every other entry
// (size and mtime, as scan_files needs), one thread. Usage: walk-floor ROOT REPEATS; prints one line per
// repeat: "<files> <seconds>".
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long files = 0;
static long long bytes = 0;

static void walk(int parent, const char *name) {
  int fd = openat(parent, name, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  DIR *dir = fdopendir(fd);
  if (dir == NULL) {
    close(fd);
    return;
  }
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] == '.' && (entry->d_name[1] == 0 || (entry->d_name[1] == '.' && entry->d_name[2] == 0)))
      continue;
    if (entry->d_type == DT_DIR) {
      walk(fd, entry->d_name);
      continue;
    }
    struct stat st;
    if (fstatat(fd, entry->d_name, &st, 0) != 0) continue;
    if (S_ISDIR(st.st_mode)) walk(fd, entry->d_name); // a file system without d_type
    else if (S_ISREG(st.st_mode)) {
      files++;
      bytes += st.st_size + st.st_mtim.tv_nsec % 2;
    }
  }
  closedir(dir);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: walk-floor ROOT REPEATS\n");
    return 2;
  }
  int repeats = atoi(argv[2]);
  for (int rep = 0; rep < repeats; rep++) {
    struct timespec a, b;
    files = 0;
    bytes = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    walk(AT_FDCWD, argv[1]);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%ld %.6f\n", files, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) * 1e-9);
  }
  return 0;
}
