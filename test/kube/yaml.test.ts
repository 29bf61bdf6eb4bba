// kube/yaml.ts reads kubeconfig files as a full YAML parser does (zx's bundled `yaml` package is
// the reference here), and rejects what it does not read with the line number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { YAML } from 'zx';
import { parseKubeconfigYaml, YamlError } from '../../src/kube/yaml.ts';

const KUBECTL = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    server: https://10.96.0.1:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    namespace: kube-system
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: Y2VydA==
    client-key-data: a2V5
`;

const INDENTED = `# written by hand
apiVersion: v1
kind: Config
current-context: "ci"   # the one in use
clusters:
  - name: 'ci'
    cluster:
      server: "https://[fd00::1]:6443"
      insecure-skip-tls-verify: true
contexts:
  - name: ci
    context: { cluster: ci, user: probe }
users:
  - name: probe
    user:
      token: abc#def
      tokenFile: 'it''s/here'
`;

test('kubectl, kubeadm and hand-written kubeconfigs read as a YAML parser reads them', () => {
  for (const source of [KUBECTL, INDENTED]) assert.deepEqual(parseKubeconfigYaml(source), YAML.parse(source));
  assert.deepEqual(parseKubeconfigYaml('{"current-context":"x"}'), { 'current-context': 'x' });
});

test('what the subset does not read is an error naming the line', () => {
  assert.throws(
    () => parseKubeconfigYaml('users:\n- name: a\n  user:\n    token: |\n      abc\n'),
    (e: Error) => e instanceof YamlError && /line 4: block scalars/.test(e.message),
  );
  assert.throws(() => parseKubeconfigYaml('a: "open\n'), /line 1: unterminated string/);
  assert.throws(() => parseKubeconfigYaml('just text\n'), /line 1: expected "key: value"/);
});
