# lit configuration of Kiln's FileCheck tests.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Kiln"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit",
                   "Inputs"]

# Scripts that build ONNX files need Debian's python3 (python3-onnx/torch).
config.substitutions.append(("%python_onnx", config.python_onnx))
config.substitutions.append(("%kiln_src", config.kiln_src_root))
config.substitutions.append(("%kiln_tools", config.kiln_tools_dir))
config.substitutions.append(("%kiln_obj", config.kiln_obj_root))
config.environment["OPENBLAS_NUM_THREADS"] = "1"
config.environment["OMP_WAIT_POLICY"] = "PASSIVE"

llvm_config.with_system_environment(["HOME", "TMPDIR"])
llvm_config.use_default_substitutions()

tool_dirs = [config.kiln_tools_dir, config.llvm_tools_dir]
tools = ["kiln-opt", "kiln-translate", "kiln-compile", "kiln-run", "kiln-objdump", "not", "count"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
