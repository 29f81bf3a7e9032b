# The same nginx as a Deployment and as a StatefulSet: the Deployment's pods get
# names from a ReplicaSet (<deployment>-<pod-template-hash>-<5 random characters>),
# start together and share one claim; the StatefulSet's pods get ordinals, start in
# order and get a claim each. The shared claim is ReadWriteOnce on a network disk:
# once the first Deployment pod has it attached to its node, replicas on other nodes
# stay ContainerCreating (FailedAttachVolume: Multi-Attach error), and a new image
# rolls out only as far as pods land on that node, so the rollout never finishes.
# That is why a StatefulSet gives each pod its own claim.
$ kubectl apply -f ../../examples/deployment-beside-statefulset.yaml
persistentvolumeclaim/giropops-web-www created
deployment.apps/giropops-web created
service/giropops-web created
statefulset.apps/giropops created
service/nginx created
$ wait
cluster settled after 6.9s
$ kubectl get deploy
NAME           READY   UP-TO-DATE   AVAILABLE   AGE
giropops-web   1/3     3            1           6s
$ kubectl get rs
NAME                     DESIRED   CURRENT   READY   AGE
giropops-web-c6fc7f56d   3         3         1       6s
$ kubectl get pods
NAME                           READY   STATUS              RESTARTS   AGE
giropops-0                     1/1     Running             0          6s
giropops-1                     1/1     Running             0          4s
giropops-2                     1/1     Running             0          2s
giropops-web-c6fc7f56d-5x6zj   1/1     Running             0          6s
giropops-web-c6fc7f56d-kcrzc   0/1     ContainerCreating   0          6s
giropops-web-c6fc7f56d-tnpjs   0/1     ContainerCreating   0          6s
$ kubectl events --types=Warning
LAST SEEN   TYPE      REASON               OBJECT                             MESSAGE
6s          Warning   FailedAttachVolume   Pod/giropops-web-c6fc7f56d-kcrzc   Multi-Attach error for volume "pvc-ae843796-30af-49ee-a263-183773ef6508" Volume is already used by pod(s) giropops-web-c6fc7f56d-5x6zj
6s          Warning   FailedAttachVolume   Pod/giropops-web-c6fc7f56d-tnpjs   Multi-Attach error for volume "pvc-ae843796-30af-49ee-a263-183773ef6508" Volume is already used by pod(s) giropops-web-c6fc7f56d-5x6zj
$ kubectl get pvc
NAME               STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
giropops-web-www   Bound    pvc-ae843796-30af-49ee-a263-183773ef6508   1Gi        RWO            standard       <unset>                 6s
www-giropops-0     Bound    pvc-1180b23a-1075-477f-809a-1a817914ffbc   1Gi        RWO            standard       <unset>                 6s
www-giropops-1     Bound    pvc-c7c9572d-dea9-41a8-a35b-0b7e74f0c83e   1Gi        RWO            standard       <unset>                 4s
www-giropops-2     Bound    pvc-db20290a-c13e-4a81-9803-91ffb30d1390   1Gi        RWO            standard       <unset>                 2s
$ kubectl set image deployment/giropops-web nginx=nginx:1.28
deployment.apps/giropops-web image updated
$ sleep 1s
$ kubectl get rs
NAME                     DESIRED   CURRENT   READY   AGE
giropops-web-6c7895c47   1         1         0       1s
giropops-web-c6fc7f56d   3         3         1       7s
$ wait
cluster settled after 2.1s
$ kubectl get rs
NAME                     DESIRED   CURRENT   READY   AGE
giropops-web-6c7895c47   2         2         1       4s
giropops-web-c6fc7f56d   2         2         1       10s
$ kubectl get deploy giropops-web
NAME           READY   UP-TO-DATE   AVAILABLE   AGE
giropops-web   2/3     2            2           10s
$ kubectl rollout history deployment/giropops-web
deployment.apps/giropops-web 
REVISION  CHANGE-CAUSE
1         <none>
2         <none>

$ kubectl rollout undo deployment/giropops-web
deployment.apps/giropops-web rolled back
$ kubectl rollout status deployment/giropops-web
Waiting for deployment "giropops-web" rollout to finish: 2 out of 3 new replicas have been updated...
error: timed out waiting for the condition
$ kubectl get rs
NAME                     DESIRED   CURRENT   READY   AGE
giropops-web-6c7895c47   2         2         1       10m
giropops-web-c6fc7f56d   2         2         1       10m
$ kubectl rollout history deployment/giropops-web
deployment.apps/giropops-web 
REVISION  CHANGE-CAUSE
2         <none>
3         <none>

$ kubectl rollout undo deployment/giropops-web --to-revision=3
deployment.apps/giropops-web skipped rollback (current template already matches revision 3)
$ kubectl rollout restart deployment/giropops-web
deployment.apps/giropops-web restarted
$ kubectl rollout status deployment/giropops-web
Waiting for deployment "giropops-web" rollout to finish: 1 out of 3 new replicas have been updated...
error: timed out waiting for the condition
