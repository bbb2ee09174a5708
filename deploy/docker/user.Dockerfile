# The user image for Zero to JupyterHub: a Jupyter image with swedu (lessons, widgets) for the students.
# Build from the repository's root after the wheel is in dist/:
#   docker build -f deploy/docker/user.Dockerfile -t registry.example.edu/swedu-user:0.1.0 .
# NOT run on the machine where swedu is tested (no docker there): docs/hub.md says what was checked.
ARG USER_IMAGE=quay.io/jupyter/minimal-notebook:367eb819151d
# 367eb819151d: the build of 2026-04-20 (Python 3.13), pinned by its commit tag
FROM ${USER_IMAGE}

# jupyter/docker-stacks images let their user ${NB_USER} install into the image's own environment
COPY --chown=${NB_UID}:${NB_GID} dist/swedu-*.whl /tmp/wheels/
RUN pip install --no-cache-dir /tmp/wheels/swedu-*.whl "nbgitpuller>=1.2" \
 && rm -rf /tmp/wheels \
 && python -c "import swedu, swedu.hub"
