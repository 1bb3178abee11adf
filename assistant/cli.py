"""The command line: `redline-assistant compare|scan|open|audit`, exit codes 0/1/2/3 (PRODUCT.md).

Every analysis, scan and export is recorded in the audit log before its output is written; if
the record cannot be written, nothing is output and the command exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

import assistant
from assistant import errors, model
from assistant.documents import reading
from assistant.reporting import exports, json_report
from assistant.review import analysis, audit

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_THRESHOLD = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our bad-invocation code (2) and one line, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_INPUT, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="redline-assistant",
        description="Flags the safeguards a contract draft struck, weakened or hollowed out.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {assistant.__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    compare = commands.add_parser("compare", help="compare drafts in the order given")
    compare.add_argument("drafts", nargs="+", metavar="DRAFT")
    compare.add_argument(
        "--format",
        default="md",
        choices=[f.value for f in exports.Format],
        dest="output_format",
    )
    compare.add_argument("-o", "--output", metavar="FILE")
    compare.add_argument(
        "--author",
        default=exports.DEFAULT_AUTHOR,
        metavar="NAME",
        help="author of the tracked changes and comments in a docx redline",
    )
    compare.add_argument("--fail-on", choices=[r.value for r in model.Risk], metavar="LEVEL")
    compare.add_argument("--playbook", metavar="FILE")
    compare.add_argument("--side", metavar="PARTY")

    scan = commands.add_parser("scan", help="list the restrictions found in each file")
    scan.add_argument("files", nargs="+", metavar="FILE")
    scan.add_argument(
        "--format", default="md", choices=["md", "json", "jsonl"], dest="output_format"
    )

    auditing = commands.add_parser("audit", help="check the audit log")
    auditing.add_argument("action", choices=["verify"])

    opener = commands.add_parser("open", help="open drafts in the desktop app")
    opener.add_argument("files", nargs="*", metavar="FILE")
    opener.add_argument("--sample", action="store_true", help="open the bundled sample negotiation")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "compare":
            return _compare(args)
        if args.command == "scan":
            return _scan(args)
        if args.command == "audit":
            return _verify_audit()
        return _open(getattr(args, "files", []), sample=getattr(args, "sample", False))
    except errors.UnreadableDocument as exc:
        return _fail(EXIT_INPUT, f"cannot read {exc.path}: {exc.reason}")
    except errors.ResourceError as exc:
        if args.command == "compare" and args.playbook:  # the user's own file is the likely culprit
            return _fail(EXIT_INPUT, str(exc))
        return _fail(EXIT_INTERNAL, f"cannot load the rules or patterns: {exc}")
    except errors.AuditError as exc:
        return _fail(EXIT_INTERNAL, f"{exc}; nothing was output")
    except _UsageError as exc:
        return _fail(EXIT_INPUT, str(exc))
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if os.environ.get("REDLINE_ASSISTANT_DEBUG"):
            raise
        return _fail(EXIT_INTERNAL, f"internal error: {type(exc).__name__}: {exc}")


class _UsageError(Exception):
    """A bad invocation detected after parsing (exit 2)."""


def _fail(code: int, message: str) -> int:
    print(f"redline-assistant: {message}", file=sys.stderr)
    return code


def _open(files: Sequence[str], *, sample: bool) -> int:
    """Start the desktop app (imported here: the command line must not load Qt)."""
    from assistant.ui import app

    return app.run([*app.sample_paths(), *files] if sample else list(files))


def _compare(args: argparse.Namespace) -> int:
    fmt = exports.Format(args.output_format)
    if fmt.binary and args.output is None:
        raise _UsageError(f"--format {fmt.value} writes a file: give -o FILE")
    if args.playbook is not None and not Path(args.playbook).is_file():
        raise _UsageError(f"playbook not found: {args.playbook}")
    options = analysis.Options(
        side=args.side, playbook=Path(args.playbook) if args.playbook else None
    )
    review = analysis.analyse(
        args.drafts, analysis.default_detector(workers=_processors()), options=options
    )
    if fmt is exports.Format.DOCX and len(review.drafts) > 2:
        print(
            f"redline-assistant: the redline covers the last pair, {review.drafts[-2].label} → "
            f"{review.drafts[-1].label}",
            file=sys.stderr,
        )
    output = exports.render(review.drafts, review.changes, review.lineage, fmt, author=args.author)
    details = audit.analysis_details(review.drafts, review.changes) | {"by": "cli"}
    audit.append("analysed", details)
    if args.output is not None:
        digest = hashlib.sha256(output.encode() if isinstance(output, str) else output)
        target = {"path": args.output, "format": fmt.value, "sha256": digest.hexdigest()}
        audit.append("exported", audit.drafts_details(review.drafts) | {"output": target})
    _write(output, args.output)
    if args.fail_on is not None:
        threshold = model.Risk(args.fail_on).rank
        if any(c.assessment.risk.rank >= threshold for c in review.changes):
            return EXIT_THRESHOLD
    return EXIT_OK


def _processors() -> int:
    """The processors this process may run on (the affinity mask, which containers narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _scan(args: argparse.Namespace) -> int:
    detector = analysis.default_detector(workers=_processors())
    entries: list[json_report.Json] = []
    for name in args.files:
        try:
            draft = analysis.scan(name, detector)
            entries.append(json_report.scan_entry(name, draft))
        except errors.UnreadableDocument as exc:
            entries.append(json_report.scan_entry(name, exc.reason, _sha256(name)))
            print(f"redline-assistant: cannot read {name}: {exc.reason}", file=sys.stderr)
    audit.append(
        "scanned", {"files": [{"path": e["path"], "sha256": e["sha256"]} for e in entries]}
    )
    fmt: str = args.output_format
    if fmt == "jsonl":
        text = json_report.dumps(entries, lines=True)
    elif fmt == "json":
        text = json_report.dumps(entries)
    else:
        text = _scan_markdown(entries)
    _write(text, None)
    return EXIT_INPUT if any(not e["ok"] for e in entries) else EXIT_OK


def _scan_markdown(entries: Sequence[json_report.Json]) -> str:
    lines = ["| file | clauses | revisions | restrictions | note |", "|---|---|---|---|---|"]
    for e in entries:
        note = e["error"] or "; ".join(e["coverage"]["not_analysed"] + e["coverage"]["warnings"])
        lines.append(
            f"| {e['path']} | {e['clauses']} | {e['revisions']} | {len(e['findings'])} | {note} |"
        )
    return "\n".join(lines) + "\n"


def _sha256(name: str) -> str | None:
    """The digest of a refused file for the audit log, when it is a regular file of a size we
    would have read: a device or a pipe named like a draft could be endless or block forever."""
    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode) or info.st_size > reading.MAX_DOCX_BYTES:
            return None
        with open(name, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (OSError, ValueError):
        return None


def _verify_audit() -> int:
    result = audit.verify()
    if result.ok:
        print(f"audit log verified: {result.records} records, chain and checkpoint intact")
        return EXIT_OK
    return _fail(EXIT_INPUT, f"audit log does not verify after {result.records} records: "
                 f"{result.problem}")  # fmt: skip


def _write(output: str | bytes, target: str | None) -> None:
    if target is None:
        assert isinstance(output, str)  # binary formats require -o, checked before analysis
        # UTF-8 whatever the console's encoding: reports quote contracts and use symbols.
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(output)
        else:
            sys.stdout.flush()
            stream.write(output.encode("utf-8"))
            stream.flush()
        return
    try:
        exports.write(output, Path(target))
    except OSError as exc:
        raise _UsageError(f"cannot write {target}: {exc.strerror or exc}") from exc
