#!/bin/bash
# folio batch on Slurm: a job array of N shards, then a merge that runs once
# every shard has finished.
#
#   sbatch slurm.sh            # submits the array and the dependent merge job
#
# IN and OUT must be on a filesystem every node sees. Re-submitting is cheap:
# each shard skips what its manifest records as unchanged. N is the size of the
# array (--array=1-8): keep it the same between runs.
#
# folio runs from the image built from the repository's Containerfile
# (docs/container.md), as an Apptainer file every node can read:
#
#   podman build -t folio -f Containerfile .
#   podman save --format oci-archive -o folio.tar folio
#   apptainer build /shared/folio.sif oci-archive://folio.tar
#
# With folio installed on the nodes instead: FOLIO=folio sbatch slurm.sh
# (Tests/FolioTests/ScaleOutTests.swift runs this script as local processes.)
#SBATCH --job-name=folio-batch
#SBATCH --array=1-8
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=12:00:00
#SBATCH --output=folio-%A_%a.log

N=${SLURM_ARRAY_TASK_COUNT:-8}
IN=${FOLIO_IN:-/shared/reports}
OUT=${FOLIO_OUT:-/shared/folio-out}
FOLIO=${FOLIO:-"apptainer exec --bind $IN:$IN:ro,$OUT /shared/folio.sif folio"}

if [ -z "$SLURM_ARRAY_TASK_ID" ]; then
    echo "submit with sbatch" >&2
    exit 2
fi

# The first task queues the merge, to run after the whole array (any outcome).
if [ "$SLURM_ARRAY_TASK_ID" = 1 ]; then
    sbatch --dependency="afterany:${SLURM_ARRAY_JOB_ID}" --job-name=folio-merge \
        --output=folio-merge-%j.log --wrap="$FOLIO merge '$OUT'"
fi

$FOLIO batch "$IN" --output "$OUT" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "${SLURM_ARRAY_TASK_ID}/${N}"
status=$?
# 1: some documents failed (listed in the log and the manifest); the shard ran.
[ "$status" -le 1 ] && exit 0 || exit "$status"
