// The operating system's own SQLite (libsqlite3-dev on Debian): no package dependency.
#include <sqlite3.h>
