#include "specsync.h"
#include <stdio.h>
int main(void)
{
	puts("specsync " SPECSYNC_VERSION_STRING);
	return 0;
}
