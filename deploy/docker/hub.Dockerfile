# The hub image for Zero to JupyterHub: the chart's own hub image plus the swedu service.
# Build from the repository's root after `python -m build --wheel` (or pip wheel --no-deps .) made dist/:
#   docker build -f deploy/docker/hub.Dockerfile -t registry.example.edu/swedu-hub:0.1.0 .
# NOT run on the machine where swedu is tested (no docker there): docs/hub.md says what was checked.
ARG K8S_HUB_IMAGE=quay.io/jupyterhub/k8s-hub:4.4.0
FROM ${K8S_HUB_IMAGE}

# the k8s-hub image runs as the non-root user ${NB_USER} (jovyan); installing needs root for a moment
USER root
COPY dist/swedu-*.whl /tmp/wheels/
COPY deploy/requirements-service.txt /tmp/requirements-service.txt
# the service needs only swedu's core and the hub (no JupyterLab, Voila or matplotlib: --no-deps)
RUN pip install --no-cache-dir -r /tmp/requirements-service.txt \
 && pip install --no-cache-dir --no-deps /tmp/wheels/swedu-*.whl \
 && rm -rf /tmp/wheels /tmp/requirements-service.txt \
 && python3 -c "import swedu.hub.service"
USER ${NB_USER}
# the class's records live on the hub's volume (/srv/jupyterhub, writable by ${NB_USER}):
# --db /srv/jupyterhub/swedu-hub.sqlite3 in deploy/z2jh-values.yaml
