#!/bin/bash
# folio batch on Slurm: a job array of N shards, then a merge that runs once
# every shard has finished.
#
#   sbatch slurm.sh            # submits the array and the dependent merge job
#
# IN and OUT must be on a filesystem every node sees. Re-submitting is cheap:
# each shard skips what its manifest records as unchanged. Keep N the same.
#SBATCH --job-name=folio-batch
#SBATCH --array=1-8
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=12:00:00
#SBATCH --output=folio-%A_%a.log

N=8
IN=/shared/reports
OUT=/shared/folio-out

if [ -z "$SLURM_ARRAY_TASK_ID" ]; then
    echo "submit with sbatch" >&2
    exit 2
fi

# The first task queues the merge, to run after the whole array (any outcome).
if [ "$SLURM_ARRAY_TASK_ID" = 1 ]; then
    sbatch --dependency="afterany:${SLURM_ARRAY_JOB_ID}" --job-name=folio-merge \
        --output=folio-merge-%j.log --wrap="folio merge '$OUT'"
fi

folio batch "$IN" --output "$OUT" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "${SLURM_ARRAY_TASK_ID}/${N}"
status=$?
# 1: some documents failed (listed in the log and the manifest); the shard ran.
[ "$status" -le 1 ] && exit 0 || exit "$status"
