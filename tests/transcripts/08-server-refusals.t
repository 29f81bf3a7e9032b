# The simulated API server refuses what a real one refuses, in its words, whichever
# command makes the change: apply, scale or patch.
$ kubectl apply -f ../../examples/giropops.yaml
statefulset.apps/giropops created
service/nginx created
$ kubectl scale sts giropops --replicas=-1
error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0
$ kubectl patch sts giropops -p '{"spec":{"replicas":-3}}'
The StatefulSet "giropops" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0
$ kubectl patch sts giropops -p '{"spec":{"serviceName":"other"}}'
The StatefulSet "giropops" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
$ kubectl scale sts giropops --replicas=5000
The StatefulSet "giropops" is invalid: spec.replicas: Invalid value: 5000: must be less than or equal to 1000 in this playground (every pod is simulated in your browser)
$ kubectl get sts giropops
NAME       READY   AGE
giropops   0/3     0s
