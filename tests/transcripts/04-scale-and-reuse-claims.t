# Scaling 3 -> 5 -> 2 -> 3: new ordinals get new claims; scaling down removes the
# highest ordinals first and keeps their claims; scaling up again reuses them.
$ kubectl apply -f ../../examples/giropops.yaml
statefulset.apps/giropops created
service/nginx created
$ wait
cluster settled after 7.1s
$ kubectl scale sts giropops --replicas=5
statefulset.apps/giropops scaled
$ wait
cluster settled after 5.3s
$ kubectl get pods
NAME         READY   STATUS    RESTARTS   AGE
giropops-0   1/1     Running   0          [..]
giropops-1   1/1     Running   0          [..]
giropops-2   1/1     Running   0          [..]
giropops-3   1/1     Running   0          [..]
giropops-4   1/1     Running   0          [..]
$ kubectl get pvc
NAME             STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
www-giropops-0   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-1   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-2   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-3   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-4   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
$ kubectl scale statefulset/giropops --replicas=2
statefulset.apps/giropops scaled
$ kubectl get pods
NAME         READY   STATUS        RESTARTS   AGE
giropops-0   1/1     Running       0          [..]
giropops-1   1/1     Running       0          [..]
giropops-2   1/1     Running       0          [..]
giropops-3   1/1     Running       0          [..]
giropops-4   1/1     Terminating   0          [..]
$ wait
cluster settled after 3s
$ kubectl get pods
NAME         READY   STATUS    RESTARTS   AGE
giropops-0   1/1     Running   0          [..]
giropops-1   1/1     Running   0          [..]
$ kubectl get pvc
NAME             STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
www-giropops-0   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-1   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-2   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-3   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-4   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
$ kubectl scale sts giropops --replicas=3
statefulset.apps/giropops scaled
$ wait
cluster settled after 2.8s
$ kubectl get pods
NAME         READY   STATUS    RESTARTS   AGE
giropops-0   1/1     Running   0          [..]
giropops-1   1/1     Running   0          [..]
giropops-2   1/1     Running   0          [..]
$ kubectl get pvc www-giropops-2
NAME             STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
www-giropops-2   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
$ kubectl events --for statefulset/giropops
LAST SEEN          TYPE     REASON             OBJECT                 MESSAGE
[..]                Normal   SuccessfulCreate   StatefulSet/giropops   create Claim www-giropops-0 Pod giropops-0 in StatefulSet giropops success
[..]                Normal   SuccessfulCreate   StatefulSet/giropops   create Pod giropops-0 in StatefulSet giropops successful
[..]                Normal   SuccessfulCreate   StatefulSet/giropops   create Claim www-giropops-1 Pod giropops-1 in StatefulSet giropops success
[..]                Normal   SuccessfulCreate   StatefulSet/giropops   create Pod giropops-1 in StatefulSet giropops successful
[..]                Normal   SuccessfulCreate   StatefulSet/giropops   create Claim www-giropops-2 Pod giropops-2 in StatefulSet giropops success
[..]                Normal   SuccessfulCreate   StatefulSet/giropops   create Claim www-giropops-3 Pod giropops-3 in StatefulSet giropops success
[..]                Normal   SuccessfulCreate   StatefulSet/giropops   create Pod giropops-3 in StatefulSet giropops successful
[..]                 Normal   SuccessfulCreate   StatefulSet/giropops   create Claim www-giropops-4 Pod giropops-4 in StatefulSet giropops success
[..]                 Normal   SuccessfulCreate   StatefulSet/giropops   create Pod giropops-4 in StatefulSet giropops successful
[..]                 Normal   SuccessfulDelete   StatefulSet/giropops   delete Pod giropops-4 in StatefulSet giropops successful
[..]                 Normal   SuccessfulDelete   StatefulSet/giropops   delete Pod giropops-3 in StatefulSet giropops successful
[..]                 Normal   SuccessfulDelete   StatefulSet/giropops   delete Pod giropops-2 in StatefulSet giropops successful
3s (x2 over 13s)   Normal   SuccessfulCreate   StatefulSet/giropops   create Pod giropops-2 in StatefulSet giropops successful
