"""Peak memory of a benchmark's child process, measured so that the parent's size does not leak
into it.

``resource.getrusage(RUSAGE_SELF).ru_maxrss`` in a child started by ``subprocess`` is not the
child's own peak on Linux: at ``execve`` the kernel carries the old address space's high-water
mark into the new process (``setmax_mm_hiwater_rss`` in fs/exec.c), and that old space is the
forked copy of the parent. A bench that had built 100,000 audits in 1.4 GB then "measured" an
export of 1.4 GB. ``VmHWM`` in ``/proc/self/status`` is the high-water mark of the process's own
address space since ``execve`` (proc(5)); ``ru_maxrss`` is the fallback where there is no /proc.
"""

from __future__ import annotations

PEAK_MIB_CODE = (
    "def peak_mib():\n"
    "    try:\n"
    "        with open('/proc/self/status') as status:\n"
    "            for line in status:\n"
    "                if line.startswith('VmHWM:'):\n"
    "                    return int(line.split()[1]) / 1024\n"
    "    except OSError:\n"
    "        pass\n"
    "    import resource\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
)
"""Python source defining ``peak_mib()`` (MiB), to put at the top of a child's ``-c`` code."""
