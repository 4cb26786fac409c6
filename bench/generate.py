"""Write a synthetic ladder N times the size of the shipped one, as valid content files.

Each copy of a shipped role gets a new slug, name and order; everything else (positions,
statements, bands) is kept, so the loader validates and loads it like the real content.

    python -m bench.generate 10 /tmp/ladder-x10     # 30 roles
"""

import argparse
import shutil
from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def generate(factor: int, target: Path, source: Path = FIXTURES) -> Path:
    if factor < 1:
        raise ValueError("factor must be at least 1")
    if target.exists():
        shutil.rmtree(target)
    (target / "roles").mkdir(parents=True)
    shutil.copy(source / "framework.yaml", target / "framework.yaml")
    shutil.copy(source / "scales.yaml", target / "scales.yaml")
    roles = [yaml.safe_load(path.read_text()) for path in sorted((source / "roles").glob("*.yaml"))]
    count = max(role["order"] for role in roles) + 1
    for copy in range(factor):
        for role in roles:
            clone = dict(role)
            if copy:
                clone["slug"] = f"{role['slug']}-{copy}"
                clone["name"] = f"{role['name']} {copy}"
                clone["order"] = role["order"] + copy * count
                clone["pay_relations"] = [
                    {**relation, "relative_to": f"{relation['relative_to']}-{copy}"}
                    for relation in role.get("pay_relations", [])
                ]
            path = target / "roles" / f"{clone['slug']}.yaml"
            path.write_text(yaml.safe_dump(clone, allow_unicode=True, sort_keys=False))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    generate(args.factor, args.target)
    print(f"Wrote a x{args.factor} ladder to {args.target}")


if __name__ == "__main__":
    main()
