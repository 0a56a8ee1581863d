/*
 * The one GLIBC_2.38 function that Debian trixie's libstdc++.so.6 (gcc 14) imports, for a glibc 2.36 (bookworm)
 * machine: C23 strtoul, which differs from C99 strtoul only in accepting a "0b"/"0B" prefix when base is 0 or 2.
 * run.sh builds this into the private compat directory and LD_PRELOADs it for the benchmark process tree only.
 * In libstdc++ the function is used only by the debug-mode error formatter and the bfloat16 to_chars path.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

unsigned long __isoc23_strtoul(const char *nptr, char **endptr, int base);

unsigned long __isoc23_strtoul(const char *nptr, char **endptr, int base)
{
    const char *s = nptr;
    while (isspace((unsigned char)*s))
    {
        s++;
    }

    const char *p = (*s == '+' || *s == '-') ? s + 1 : s;
    if ((base == 0 || base == 2) && p[0] == '0' && (p[1] == 'b' || p[1] == 'B') && (p[2] == '0' || p[2] == '1'))
    {
        int saved = errno;
        errno = 0;
        unsigned long value = strtoul(p + 2, endptr, 2);
        int overflow = errno == ERANGE;
        errno = overflow ? ERANGE : saved;
        if (overflow)
        {
            return ULONG_MAX;
        }

        return *s == '-' ? -value : value;
    }

    return strtoul(nptr, endptr, base);
}
