"""thinc without its tests (the contributed hook collects every submodule, tests included).

All other submodules stay: its Cython modules import Python ones at run time, out of
PyInstaller's sight. thinc.backends reads its kernel sources (*.cu) at import time.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("thinc", filter=lambda name: "tests" not in name.split("."))
datas = collect_data_files("thinc", excludes=["**/tests/**"])
